#pragma once

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace opsdeck {

// A credential OpsDeck knows: its keychain name, the environment variables that may supply it
// (first match wins), and how often the runbook wants it rotated.
struct CredentialKind {
    QString name;           // keychain key within a profile, e.g. "vercel-token"
    QString label;          // for people
    QStringList envVars;    // e.g. GITHUB_TOKEN, GH_TOKEN
    int rotateEveryDays = 90;
};

const QList<CredentialKind> &credentialKinds();
std::optional<CredentialKind> findCredentialKind(const QString &name);

// The value from the environment, if one of the kind's variables is set (the CLI prefers it).
std::optional<QByteArray> credentialFromEnvironment(const CredentialKind &kind, const QProcessEnvironment &env);

} // namespace opsdeck
