#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>

namespace opsdeck {

struct GitCommitInfo {
    QString sha;
    QString summary;
    QString author;
    QDateTime when;
};

// The git work of the monthly tasks, with libgit2 (never a shell `git`). Every function blocks: run
// them on a worker thread. Each opens the repository itself; nothing is cached between calls.
namespace git {

// A worktree of the repository at repoDir on branch (made, or reset, at the current HEAD), checked
// out at path (which must not exist). The user's own checkout (its branch, index and files) is not
// touched. Returns the worktree's name, for removeWorktree().
Result<QString> addWorktree(const QString &repoDir, const QString &branch, const QString &path);

// Commits exactly paths (relative to the worktree; a path that does not exist is skipped) on the
// worktree's branch with message. An empty change is a Conflict error ("nothing to commit").
// The author is the repository's user.name/user.email, else "OpsDeck <opsdeck@localhost>".
Result<GitCommitInfo> commitPaths(const QString &worktreeDir, const QStringList &paths, const QString &message);

// Pushes branch to the remote (force: OpsDeck owns the branch and remakes it from HEAD each time).
// HTTPS remotes get token as the password (user x-access-token); a local path needs none. A refused
// update (a protected branch, a hook) is an error with the server's reason.
Status push(const QString &repoDir, const QString &remote, const QString &branch, const QByteArray &token,
            const std::atomic<bool> *cancel = nullptr);

// Removes the worktree name and its folder (with everything installed in it).
Status removeWorktree(const QString &repoDir, const QString &name);

// The branch HEAD is on ("main"); a Conflict error when HEAD is detached.
Result<QString> currentBranch(const QString &repoDir);
// The URL of a remote.
Result<QString> remoteUrl(const QString &repoDir, const QString &remote);
// The newest commit on HEAD's history that changed path (nullopt: never committed).
Result<std::optional<GitCommitInfo>> lastChange(const QString &repoDir, const QString &path);

} // namespace git
} // namespace opsdeck
