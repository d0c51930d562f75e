#include "secrets/credentials.h"

#include <QCoreApplication>
#include <QUrl>

namespace opsdeck {

const QList<CredentialKind> &credentialKinds()
{
    const auto tr = [](const char *s) { return QCoreApplication::translate("Credentials", s); };
    const auto list = [](std::initializer_list<const char *> names) {
        QStringList out;
        for (const char *n : names)
            out << QString::fromLatin1(n);
        return out;
    };
    static const QList<CredentialKind> kinds{
        {QStringLiteral("vercel-token"), tr("Vercel token"), list({"VERCEL_TOKEN"}), 90, list({"VERCEL_TOKEN"})},
        {QStringLiteral("github-token"), tr("GitHub token"), list({"GITHUB_TOKEN", "GH_TOKEN"}), 90, {}},
        {QStringLiteral("openai-admin-key"), tr("OpenAI admin key"), list({"OPENAI_ADMIN_KEY"}), 90, {}},
        {QStringLiteral("anthropic-admin-key"), tr("Anthropic admin key"), list({"ANTHROPIC_ADMIN_KEY"}), 90, {}},
        // The product's own runtime keys: the runbook rotates them and pushes them to GitHub Actions.
        {QStringLiteral("openai-api-key"), tr("OpenAI API key (the product's)"), list({"OPENAI_API_KEY"}), 90,
         list({"OPENAI_API_KEY"})},
        {QStringLiteral("anthropic-api-key"), tr("Anthropic API key (the product's)"), list({"ANTHROPIC_API_KEY"}), 90,
         list({"ANTHROPIC_API_KEY"})},
        {QStringLiteral("database-password"), tr("Database password"), list({"DATABASE_URL"}), 90, list({"DATABASE_URL"})},
        {QStringLiteral("aws-access-key-id"), tr("AWS access key id"), list({"AWS_ACCESS_KEY_ID"}), 90, {}, false},
        {QStringLiteral("aws-secret-access-key"), tr("AWS secret access key"), list({"AWS_SECRET_ACCESS_KEY"}), 90, {},
         false},
        // Rotating it would orphan the backups made with it: no rotation reminder.
        {QStringLiteral("backup-encryption-key"), tr("Backup encryption key"), list({"OPSDECK_BACKUP_KEY"}), 0, {}, false},
    };
    return kinds;
}

std::optional<CredentialKind> findCredentialKind(const QString &name)
{
    for (const CredentialKind &k : credentialKinds())
        if (k.name == name)
            return k;
    return std::nullopt;
}

std::optional<QByteArray> credentialFromEnvironment(const CredentialKind &kind, const QProcessEnvironment &env)
{
    for (const QString &var : kind.envVars) {
        const QString value = env.value(var);
        if (value.isEmpty())
            continue;
        if (var == QLatin1String("DATABASE_URL")) {  // the password part of the URL
            const QString password = QUrl(value).password();
            if (password.isEmpty())
                continue;
            return password.toUtf8();
        }
        return value.toUtf8();
    }
    return std::nullopt;
}

bool keyHintMatches(const QString &hint, const QByteArray &value)
{
    qsizetype dots = hint.indexOf(QLatin1String("..."));
    qsizetype gap = 3;
    if (dots < 0) {
        dots = hint.indexOf(QChar(0x2026));  // "…"
        gap = 1;
    }
    if (dots < 0 || hint.indexOf(QLatin1String("..."), dots + gap) >= 0)
        return false;
    const QByteArray prefix = hint.left(dots).toUtf8();
    const QByteArray suffix = hint.mid(dots + gap).toUtf8();
    if (prefix.size() < 4 || suffix.size() < 2 || prefix.size() + suffix.size() >= value.size())
        return false;
    return value.startsWith(prefix) && value.endsWith(suffix);
}

} // namespace opsdeck
