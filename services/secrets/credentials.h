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
    // The GitHub Actions secrets a rotation pushes it to, unless the profile says otherwise.
    QStringList githubSecrets;
    // Whether `secrets rotate` can validate it and retire the old value (AWS keys and the backup key:
    // no; they are replaced with `secrets set`).
    bool rotatable = true;
};

const QList<CredentialKind> &credentialKinds();
std::optional<CredentialKind> findCredentialKind(const QString &name);

// The value from the environment, if one of the kind's variables is set (the CLI prefers it).
std::optional<QByteArray> credentialFromEnvironment(const CredentialKind &kind, const QProcessEnvironment &env);

// Whether a provider's redacted form of a key can be value: Anthropic's partial_key_hint
// ("sk-ant-api03-R2D...igAA", the first 16 and last 4 characters) or OpenAI's redacted_value
// ("sk-proj-abc...wxyz"). Both ends must match (at least 4 characters before the "..." and 2 after),
// never a prefix alone; a hint as long as the value is not a redaction and matches nothing.
bool keyHintMatches(const QString &hint, const QByteArray &value);

} // namespace opsdeck
