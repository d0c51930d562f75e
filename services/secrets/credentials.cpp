#include "secrets/credentials.h"

#include <QCoreApplication>
#include <QUrl>

namespace opsdeck {

const QList<CredentialKind> &credentialKinds()
{
    static const QList<CredentialKind> kinds{
        {QStringLiteral("vercel-token"), QCoreApplication::translate("Credentials", "Vercel token"),
         {QStringLiteral("VERCEL_TOKEN")}, 90},
        {QStringLiteral("github-token"), QCoreApplication::translate("Credentials", "GitHub token"),
         {QStringLiteral("GITHUB_TOKEN"), QStringLiteral("GH_TOKEN")}, 90},
        {QStringLiteral("openai-admin-key"), QCoreApplication::translate("Credentials", "OpenAI admin key"),
         {QStringLiteral("OPENAI_ADMIN_KEY")}, 90},
        {QStringLiteral("anthropic-admin-key"), QCoreApplication::translate("Credentials", "Anthropic admin key"),
         {QStringLiteral("ANTHROPIC_ADMIN_KEY")}, 90},
        {QStringLiteral("database-password"), QCoreApplication::translate("Credentials", "Database password"),
         {QStringLiteral("DATABASE_URL")}, 90},
        {QStringLiteral("aws-access-key-id"), QCoreApplication::translate("Credentials", "AWS access key id"),
         {QStringLiteral("AWS_ACCESS_KEY_ID")}, 90},
        {QStringLiteral("aws-secret-access-key"), QCoreApplication::translate("Credentials", "AWS secret access key"),
         {QStringLiteral("AWS_SECRET_ACCESS_KEY")}, 90},
        // Rotating it would orphan the backups made with it: no rotation reminder.
        {QStringLiteral("backup-encryption-key"), QCoreApplication::translate("Credentials", "Backup encryption key"),
         {QStringLiteral("OPSDECK_BACKUP_KEY")}, 0},
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

} // namespace opsdeck
