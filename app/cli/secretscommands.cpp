// opsdeck-cli secrets list | set NAME | delete NAME
#include "appcontext.h"
#include "clicommand.h"
#include "core/clock.h"
#include "secrets/credentials.h"
#include "usecases/credentialsusecase.h"
#include "usecases/session.h"

#include <QJsonArray>
#include <QJsonObject>


namespace opsdeck::cli {

namespace {

QString storedIn(CredentialLocation location)
{
    switch (location) {
    case CredentialLocation::Demo: return QStringLiteral("demo sandbox");
    case CredentialLocation::Environment: return QStringLiteral("environment");
    case CredentialLocation::Keychain: return QStringLiteral("keychain");
    case CredentialLocation::MissingFromKeychain: return QStringLiteral("missing from keychain (backend changed?)");
    case CredentialLocation::NotSet: return QStringLiteral("not set");
    case CredentialLocation::KeychainUnavailable: return QStringLiteral("keychain unavailable");
    }
    return {};
}

void runList(Invocation &inv)
{
    AppContext &ctx = inv.context();
    ctx.credentialsUseCase().list(&ctx)->onFinished(&ctx, [&inv, &ctx](const Result<CredentialList> &listed) {
        const CredentialList &list = listed.value();  // the listing itself never fails
        const QDateTime now = ctx.clock().nowUtc();
        QJsonArray json;
        QList<QStringList> rows;
        for (const CredentialStatus &s : list.rows) {
            QJsonObject o{{QStringLiteral("name"), s.kind.name}, {QStringLiteral("label"), s.kind.label},
                          {QStringLiteral("storedIn"), storedIn(s.location)}};
            if (s.storedAt.isValid()) {
                o[QStringLiteral("storedAt")] = s.storedAt.toString(Qt::ISODate);
                o[QStringLiteral("ageDays")] = s.ageDays(now);
                // null: never rotated on a schedule
                o[QStringLiteral("due")] = s.due.isValid() ? QJsonValue(s.due.toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
            } else {
                o[QStringLiteral("ageDays")] = QJsonValue::Null;
            }
            json.append(o);
            rows << QStringList{s.kind.name, storedIn(s.location),
                                s.storedAt.isValid() ? QString::number(s.ageDays(now)) : QStringLiteral("-"),
                                s.due.isValid() ? s.due.toString(Qt::ISODate) : QStringLiteral("-")};
        }
        if (inv.json())
            inv.printJson(json);
        else
            inv.out() << formatTable({QStringLiteral("NAME"), QStringLiteral("STORED IN"), QStringLiteral("AGE (DAYS)"),
                                      QStringLiteral("ROTATION DUE")},
                                     rows);
        if (list.keychainError)
            inv.fail(*list.keychainError);
        else
            inv.finish(ExitOk);
    });
}

void runSet(Invocation &inv)
{
    AppContext &ctx = inv.context();
    QStringList args = inv.args();
    const bool yes = args.removeAll(QStringLiteral("--yes")) > 0;
    if (args.size() != 1)
        return inv.usageError(QStringLiteral("usage: secrets set NAME [--yes] (the value is read from stdin)"));
    const auto kind = findCredentialKind(args[0]);
    if (!kind) {
        QStringList names;
        for (const CredentialKind &k : credentialKinds())
            names << k.name;
        return inv.usageError(QStringLiteral("unknown credential \"%1\"; known: %2").arg(args[0], names.join(QStringLiteral(", "))));
    }
    const QByteArray value = readSecretFromStdin();
    if (value.isEmpty())
        return inv.usageError(QStringLiteral("no value on stdin for %1").arg(kind->name));
    const QString name = kind->name;
    const QString label = kind->label;
    const QString profile = ctx.session().profileKey();
    // Overwriting a secret is destructive: it needs --yes.
    ctx.credentialsUseCase().set(name, value, yes, QStringLiteral("cli"), {}, &ctx)->onFinished(
        &ctx, [&inv, name, label, profile](const Result<bool> &r) {
        if (!r && r.error().kind == ErrorKind::Conflict)
            return inv.usageError(QStringLiteral("%1 is already stored for profile %2; pass --yes to replace it").arg(name, profile));
        if (!r)
            return inv.fail(r.error());
        if (!inv.json())
            inv.out() << (r.value() ? "Replaced " : "Stored ") << label << " for profile " << profile << " in the system keychain.\n";
        else
            inv.printJson(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("profile"), profile},
                                      {QStringLiteral("storedIn"), QStringLiteral("keychain")},
                                      {QStringLiteral("replaced"), r.value()}});
        inv.finish(ExitOk);
    });
}

void runDelete(Invocation &inv)
{
    AppContext &ctx = inv.context();
    QStringList args = inv.args();
    const bool yes = args.removeAll(QStringLiteral("--yes")) > 0;
    if (args.size() != 1 || !findCredentialKind(args[0]))
        return inv.usageError(QStringLiteral("usage: secrets delete NAME --yes"));
    const QString name = args[0];
    const QString profile = ctx.session().profileKey();
    if (!yes) {
        inv.out() << "Would delete " << name << " of profile " << profile
                  << " from the system keychain. Pass --yes to delete it.\n";
        return inv.finish(ExitOk);
    }
    ctx.credentialsUseCase().remove(name, QStringLiteral("cli"), &ctx)->onFinished(&ctx, [&inv, name](const Status &s) {
        if (!s)
            return inv.fail(s.error());
        inv.out() << "Deleted " << name << ".\n";
        inv.finish(ExitOk);
    });
}

} // namespace

QList<Command> secretsCommands()
{
    return {
        {{QStringLiteral("secrets"), QStringLiteral("list")}, QStringLiteral("secrets list"),
         QStringLiteral("Credentials: where each is stored, its age and rotation due date (never values)"), QString(),
         true, runList},
        {{QStringLiteral("secrets"), QStringLiteral("set")}, QStringLiteral("secrets set NAME [--yes]"),
         QStringLiteral("Store a credential in the system keychain; the value is read from stdin"),
         QStringLiteral("  --yes   replace an existing value\nNames: vercel-token, github-token, openai-admin-key, "
                        "anthropic-admin-key, database-password, aws-access-key-id, aws-secret-access-key, backup-encryption-key"),
         true, runSet},
        {{QStringLiteral("secrets"), QStringLiteral("delete")}, QStringLiteral("secrets delete NAME --yes"),
         QStringLiteral("Remove a credential from the system keychain"), QString(), true, runDelete},
    };
}

} // namespace opsdeck::cli
