#pragma once

#include "core/result.h"
#include "providers/ndjsonsplitter.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck {

// One line of a deployment's build log (GET /v3/deployments/{id}/events, api-reference.md 1).
struct BuildEvent {
    QDateTime created;
    QString type;        // stdout | stderr | command | delimiter | ...
    QString text;        // sanitised for display, one line
    QString id;
    int statusCode = 0;
    bool failing = false;  // stderr, "Error:", "Module not found", "exited with"
};

struct BuildLog {
    QList<BuildEvent> events;
    int keepAlives = 0;   // events without `created`, skipped
    int unreadable = 0;   // lines that were not a JSON event (counted, not shown)
    bool cutOff = false;  // the stream ended inside a line
    int failingCount() const;
};

// Whether a build line is one of the failing lines an SRE looks for first.
bool isFailingBuildLine(const QString &type, const QString &text);
// A deployment whose build log is still growing (QUEUED, INITIALIZING, BUILDING): worth following.
bool isStillBuilding(const QString &readyState);

// One event; std::nullopt for a keep-alive (no `created`). The text is the payload's, or the
// older top-level `text`.
Result<std::optional<BuildEvent>> parseBuildEvent(const QJsonObject &event);

// The follow=0 body (a JSON array of events).
Result<BuildLog> parseBuildEvents(const QByteArray &body);

// The follow=1 stream, one JSON event per line, as chunks arrive.
class BuildEventCollector
{
public:
    // Events complete in this chunk (also appended to log()).
    QList<BuildEvent> feed(const QByteArray &chunk);
    // The stream ended: a last line without '\n' is read if it is whole, else counted as cut off.
    QList<BuildEvent> finish();
    const BuildLog &log() const { return m_log; }

private:
    QList<BuildEvent> take(const QList<QByteArray> &lines);

    NdjsonSplitter m_splitter;
    BuildLog m_log;
};

// A project environment variable: its name and where it applies, never its value.
struct EnvVar {
    QString id;
    QString key;
    QString type;          // system | encrypted | plain | sensitive | secret
    QStringList targets;   // production, preview, development
    QString gitBranch;     // preview variables limited to one branch
    QDateTime createdAt;
    QDateTime updatedAt;
};

// GET /v10/projects/{id}/env: {"envs": [...]}. Values in the body are dropped unread.
Result<QList<EnvVar>> parseEnvVars(const QByteArray &body);

// One row per name: the targets it is set for (a name may be listed once per target).
struct EnvRow {
    QString key;
    QStringList types;     // distinct, in first-seen order
    QStringList targets;   // distinct, sorted production, preview, development, others
    QStringList branches;  // preview branches it is limited to
    QDateTime updatedAt;   // latest of its entries
    bool setFor(const QString &target) const { return targets.contains(target); }
};
QList<EnvRow> envMatrix(const QList<EnvVar> &vars);  // sorted by name

struct EnvDiff {
    QString a, b;
    QStringList onlyInA;  // set for a, missing for b
    QStringList onlyInB;
    bool differs() const { return !onlyInA.isEmpty() || !onlyInB.isEmpty(); }
};
EnvDiff diffTargets(const QList<EnvRow> &rows, const QString &a, const QString &b);

// A credential OpsDeck rotates that feeds an environment variable (DATABASE_URL, the API keys).
struct EnvCredentialLink {
    QString credential;  // e.g. "openai-api-key"
    QString label;
    QDateTime storedAt;  // when the keychain value was last set; invalid when not known
    QDate due;
    QString source;      // keychain | environment | demo | not-set | unavailable
};

// The project's variables as a name × target matrix, production against preview, and which rows
// are the runbook's secrets.
struct EnvironmentReport {
    QString project;
    QList<EnvRow> rows;
    EnvDiff productionVsPreview;
    QHash<QString, EnvCredentialLink> credentials;  // by variable name
    QString credentialsProblem;                     // the keychain could not be read (links still made)
};

} // namespace opsdeck
