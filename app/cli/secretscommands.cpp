// opsdeck-cli secrets list | set NAME | delete NAME
#include "appcontext.h"
#include "clicommand.h"
#include "core/clock.h"
#include "secrets/credentials.h"
#include "usecases/credentialprobe.h"
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

// Tests the named credentials one after the other (the output keeps their order), then reports.
void testNext(Invocation &inv, QStringList names, QJsonArray results, QList<QStringList> rows, bool failed)
{
    AppContext &ctx = inv.context();
    if (names.isEmpty()) {
        if (inv.json())
            inv.printJson(results);
        else
            inv.out() << formatTable({QStringLiteral("NAME"), QStringLiteral("RESULT"), QStringLiteral("DETAIL")}, rows);
        return inv.finish(failed ? ExitCheckFailed : ExitOk);
    }
    const QString name = names.takeFirst();
    ctx.credentialsUseCase().test(name, &ctx)->onFinished(
        &ctx, [&inv, names, results, rows, failed, name](const Result<QString> &r) {
            const QString detail = r ? r.value() : r.error().message;
            QJsonArray nowResults = results;
            QList<QStringList> nowRows = rows;
            nowResults.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("ok"), r.ok()},
                                       {QStringLiteral("detail"), detail}});
            nowRows << QStringList{name, r ? QStringLiteral("ok") : QStringLiteral("FAILED"), detail};
            testNext(inv, names, nowResults, nowRows, failed || !r);
        });
}

void runTest(Invocation &inv)
{
    AppContext &ctx = inv.context();
    const QStringList args = inv.args();
    if (args.size() > 1)
        return inv.usageError(QStringLiteral("usage: secrets test [NAME]"));
    if (args.size() == 1) {
        const auto kind = findCredentialKind(args[0]);
        if (!kind)
            return inv.usageError(QStringLiteral("unknown credential \"%1\"").arg(args[0]));
        if (!isProbeable(kind->name))
            return inv.usageError(QStringLiteral("%1 cannot be checked with a live call (a backup to S3 or a restore "
                                                 "test proves it)").arg(kind->name));
        return testNext(inv, {kind->name}, {}, {}, false);
    }
    // Every credential that is set and can be checked live.
    ctx.credentialsUseCase().list(&ctx)->onFinished(&ctx, [&inv](const Result<CredentialList> &listed) {
        QStringList names;
        for (const CredentialStatus &s : listed.value().rows) {
            const bool present = s.isSet();
            if (present && isProbeable(s.kind.name))
                names << s.kind.name;
        }
        if (names.isEmpty()) {
            if (listed.value().keychainError)
                return inv.fail(*listed.value().keychainError);
            return inv.usageError(QStringLiteral("no credential that can be checked live is set (secrets list shows "
                                                 "where each would come from)"));
        }
        testNext(inv, names, {}, {}, false);
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
        {{QStringLiteral("secrets"), QStringLiteral("test")}, QStringLiteral("secrets test [NAME] [--json]"),
         QStringLiteral("Check credentials with a live, read-only call to each provider (the database password with a "
                        "fresh connection); without NAME every one that is set. Exit 1 when one is refused"),
         QString(), true, runTest},
    };
}

} // namespace opsdeck::cli
