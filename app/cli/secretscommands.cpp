// opsdeck-cli secrets list | set NAME | delete NAME
#include "appcontext.h"
#include "clicommand.h"
#include "core/clock.h"
#include "secrets/credentials.h"
#include "secrets/secretindex.h"
#include "secrets/secretstore.h"
#include "store/auditlog.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>

#include <cstdio>
#include <memory>

namespace opsdeck::cli {

namespace {

QString profileKey(AppContext &ctx)
{
    return ctx.profile().name.isEmpty() ? QStringLiteral("default") : ctx.profile().name;
}

QByteArray readAllStdin()
{
    QByteArray data;
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
        data.append(buffer, qsizetype(n));
    // A value typed or piped with a trailing newline: the newline is not part of the secret.
    if (data.endsWith('\n'))
        data.chop(1);
    if (data.endsWith('\r'))
        data.chop(1);
    return data;
}

struct ListState {
    QList<CredentialKind> kinds;
    QJsonArray rows;
    int pending = 0;
    std::optional<Error> keychainError;
};

void printList(Invocation &inv, const ListState &state)
{
    if (inv.json()) {
        inv.printJson(state.rows);
    } else {
        QList<QStringList> rows;
        for (const QJsonValue &v : state.rows) {
            const QJsonObject o = v.toObject();
            rows << QStringList{o[QLatin1String("name")].toString(), o[QLatin1String("storedIn")].toString(),
                                o[QLatin1String("ageDays")].isNull() ? QStringLiteral("-")
                                                                     : QString::number(o[QLatin1String("ageDays")].toInt()),
                                o[QLatin1String("due")].toString(QStringLiteral("-"))};
        }
        inv.out() << formatTable({QStringLiteral("NAME"), QStringLiteral("STORED IN"), QStringLiteral("AGE (DAYS)"),
                                  QStringLiteral("ROTATION DUE")},
                                 rows);
    }
    if (state.keychainError)
        inv.fail(*state.keychainError);
    else
        inv.finish(ExitOk);
}

void runList(Invocation &inv)
{
    AppContext &ctx = inv.context();
    auto state = std::make_shared<ListState>();
    state->kinds = credentialKinds();
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString profile = profileKey(ctx);
    const QDateTime now = ctx.clock().nowUtc();
    state->rows = QJsonArray();
    for (int i = 0; i < state->kinds.size(); ++i)
        state->rows.append(QJsonObject());
    state->pending = int(state->kinds.size());

    for (int i = 0; i < state->kinds.size(); ++i) {
        const CredentialKind kind = state->kinds[i];
        auto done = [state, &inv, i, kind, now, profile, &ctx](const QString &storedIn, const QDateTime &storedAt) {
            QJsonObject o{{QStringLiteral("name"), kind.name}, {QStringLiteral("label"), kind.label},
                          {QStringLiteral("storedIn"), storedIn}};
            if (storedAt.isValid()) {
                o[QStringLiteral("storedAt")] = storedAt.toString(Qt::ISODate);
                o[QStringLiteral("ageDays")] = int(storedAt.daysTo(now));
                o[QStringLiteral("due")] = kind.rotateEveryDays > 0
                    ? QJsonValue(storedAt.addDays(kind.rotateEveryDays).date().toString(Qt::ISODate))
                    : QJsonValue(QJsonValue::Null);  // never rotated on a schedule
            } else {
                o[QStringLiteral("ageDays")] = QJsonValue::Null;
            }
            Q_UNUSED(ctx);
            Q_UNUSED(profile);
            state->rows[i] = o;
            if (--state->pending == 0)
                printList(inv, *state);
        };
        if (credentialFromEnvironment(kind, env)) {
            done(QStringLiteral("environment"), QDateTime());
            continue;
        }
        const QDateTime storedAt = ctx.secretIndex().storedAt(profile, kind.name);
        ctx.secrets().read({profile, kind.name}, &ctx,
                           [state, done, storedAt, profile, kind, &ctx](const Result<QByteArray> &r) {
            if (r.ok()) {
                done(QStringLiteral("keychain"), storedAt);
            } else if (r.error().kind == ErrorKind::NotFound) {
                done(ctx.secretIndex().isRecorded(profile, kind.name)
                         ? QStringLiteral("missing from keychain (backend changed?)")
                         : QStringLiteral("not set"),
                     QDateTime());
            } else {
                state->keychainError = r.error();
                done(QStringLiteral("keychain unavailable"), QDateTime());
            }
        });
    }
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
    const QByteArray value = readAllStdin();
    if (value.isEmpty())
        return inv.usageError(QStringLiteral("no value on stdin for %1").arg(kind->name));
    const QString profile = profileKey(ctx);
    const SecretRef ref{profile, kind->name};

    // Plain copies for the callbacks (GCC 12 -O2 misreads a captured std::optional as maybe uninitialized).
    const QString label = kind->label;
    auto store = [&inv, &ctx, ref, value, label](bool replacing) {
        ctx.secrets().write(ref, value, &ctx, [&inv, &ctx, ref, label, replacing](const Status &s) {
            if (!s)
                return inv.fail(s.error());
            ctx.secretIndex().recordStored(ref.profile, ref.name, ctx.clock().nowUtc(), QStringLiteral("secret-service"));
            auto audit = ctx.audit().append(replacing ? QStringLiteral("secret.replace") : QStringLiteral("secret.set"),
                                            ref.key(), QJsonObject{{QStringLiteral("credential"), label}});
            if (!audit)
                inv.err() << "opsdeck-cli: warning: audit entry not written: " << audit.error().message << Qt::endl;
            if (!inv.json())
                inv.out() << "Stored " << label << " for profile " << ref.profile << " in the system keychain.\n";
            else
                inv.printJson(QJsonObject{{QStringLiteral("name"), ref.name}, {QStringLiteral("profile"), ref.profile},
                                          {QStringLiteral("storedIn"), QStringLiteral("keychain")}});
            inv.finish(ExitOk);
        });
    };
    // Overwriting a secret is destructive: it needs --yes.
    ctx.secrets().read(ref, &ctx, [&inv, ref, yes, store](const Result<QByteArray> &existing) {
        if (existing.ok() && !yes)
            return inv.usageError(QStringLiteral("%1 is already stored for profile %2; pass --yes to replace it")
                                      .arg(ref.name, ref.profile));
        if (!existing.ok() && existing.error().kind != ErrorKind::NotFound)
            return inv.fail(existing.error());
        store(existing.ok());
    });
}

void runDelete(Invocation &inv)
{
    AppContext &ctx = inv.context();
    QStringList args = inv.args();
    const bool yes = args.removeAll(QStringLiteral("--yes")) > 0;
    if (args.size() != 1 || !findCredentialKind(args[0]))
        return inv.usageError(QStringLiteral("usage: secrets delete NAME --yes"));
    const SecretRef ref{profileKey(ctx), args[0]};
    if (!yes) {
        inv.out() << "Would delete " << ref.name << " of profile " << ref.profile
                  << " from the system keychain. Pass --yes to delete it.\n";
        return inv.finish(ExitOk);
    }
    ctx.secrets().remove(ref, &ctx, [&inv, &ctx, ref](const Status &s) {
        if (!s)
            return inv.fail(s.error());
        ctx.secretIndex().recordRemoved(ref.profile, ref.name);
        (void)ctx.audit().append(QStringLiteral("secret.delete"), ref.key(), QJsonObject());
        inv.out() << "Deleted " << ref.name << ".\n";
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
