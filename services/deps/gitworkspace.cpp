#include "deps/gitworkspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <git2.h>

#include <memory>
#include <mutex>

namespace opsdeck::git {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("Git", s); }

void init()
{
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

Error gitError(const QString &what, ErrorKind kind = ErrorKind::External)
{
    const git_error *e = git_error_last();
    const QString detail = e && e->message ? QString::fromUtf8(e->message) : tr("unknown libgit2 error");
    return makeError(kind, what + QStringLiteral(": ") + detail);
}

template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *p) const
    {
        if (p)
            Free(p);
    }
};
using Repo = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using Ref = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using Commit = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using Tree = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using Index = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using Sig = std::unique_ptr<git_signature, Deleter<git_signature, git_signature_free>>;
using Remote = std::unique_ptr<git_remote, Deleter<git_remote, git_remote_free>>;
using Worktree = std::unique_ptr<git_worktree, Deleter<git_worktree, git_worktree_free>>;
using Walk = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;

Result<Repo> open(const QString &dir)
{
    init();
    git_repository *r = nullptr;
    if (git_repository_open_ext(&r, QFile::encodeName(dir).constData(), 0, nullptr) != 0)
        return gitError(tr("%1 is not a git checkout").arg(dir), ErrorKind::Config);
    return Repo(r);
}

Result<Commit> headCommit(git_repository *repo)
{
    git_object *obj = nullptr;
    if (git_revparse_single(&obj, repo, "HEAD^{commit}") != 0)
        return gitError(tr("The repository has no commit on HEAD"), ErrorKind::Config);
    return Commit(reinterpret_cast<git_commit *>(obj));
}

QString oidText(const git_oid *oid)
{
    char buf[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(buf, sizeof buf, oid);
    return QString::fromLatin1(buf);
}

GitCommitInfo infoOf(const git_commit *c)
{
    GitCommitInfo info;
    info.sha = oidText(git_commit_id(c));
    info.summary = QString::fromUtf8(git_commit_summary(const_cast<git_commit *>(c)));
    const git_signature *author = git_commit_author(c);
    info.author = QString::fromUtf8(author->name);
    info.when = QDateTime::fromSecsSinceEpoch(author->when.time, Qt::UTC);
    return info;
}

struct PushState {
    QByteArray token;
    int attempts = 0;
    QString refused;
    const std::atomic<bool> *cancel = nullptr;
};

int credentials(git_credential **out, const char *url, const char *userFromUrl, unsigned int allowed, void *payload)
{
    Q_UNUSED(url);
    Q_UNUSED(userFromUrl);
    auto *state = static_cast<PushState *>(payload);
    if (++state->attempts > 1 || state->token.isEmpty() || !(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)) {
        git_error_set_str(GIT_ERROR_NET, state->token.isEmpty() ? "the remote asks for credentials and no GitHub token is set"
                                                                : "the remote refused the GitHub token");
        return GIT_EAUTH;
    }
    return git_credential_userpass_plaintext_new(out, "x-access-token", state->token.constData());
}

int updateReference(const char *refname, const char *status, void *payload)
{
    if (status)
        static_cast<PushState *>(payload)->refused = QString::fromUtf8(refname) + QStringLiteral(": ") + QString::fromUtf8(status);
    return 0;
}

int transferProgress(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
    Q_UNUSED(current);
    Q_UNUSED(total);
    Q_UNUSED(bytes);
    const auto *state = static_cast<PushState *>(payload);
    return state->cancel && state->cancel->load() ? GIT_EUSER : 0;
}
} // namespace

Result<QString> addWorktree(const QString &repoDir, const QString &branch, const QString &path)
{
    auto repo = open(repoDir);
    if (!repo)
        return repo.error();
    if (git_repository_is_bare(repo->get()))
        return makeError(ErrorKind::Config, tr("%1 is a bare repository, not a checkout").arg(repoDir));
    if (QFileInfo::exists(path))
        return makeError(ErrorKind::Io, tr("The worktree folder %1 exists already").arg(path));
    auto head = headCommit(repo->get());
    if (!head)
        return head.error();
    git_reference *branchRef = nullptr;
    if (git_branch_create(&branchRef, repo->get(), branch.toUtf8().constData(), head->get(), 1) != 0)
        return gitError(tr("Cannot make branch %1 at HEAD").arg(branch), ErrorKind::Conflict);
    Ref ref(branchRef);
    const QString name = QStringLiteral("opsdeck-") + QFileInfo(path).fileName();
    git_worktree_add_options opts = GIT_WORKTREE_ADD_OPTIONS_INIT;
    opts.ref = ref.get();
    git_worktree *wt = nullptr;
    if (git_worktree_add(&wt, repo->get(), name.toUtf8().constData(), QFile::encodeName(path).constData(), &opts) != 0)
        return gitError(tr("Cannot add a worktree at %1").arg(path));
    git_worktree_free(wt);
    return name;
}

Result<GitCommitInfo> commitPaths(const QString &worktreeDir, const QStringList &paths, const QString &message)
{
    auto repo = open(worktreeDir);
    if (!repo)
        return repo.error();
    git_index *rawIndex = nullptr;
    if (git_repository_index(&rawIndex, repo->get()) != 0)
        return gitError(tr("Cannot read the index"));
    Index index(rawIndex);
    QStringList added;
    for (const QString &p : paths) {
        if (!QFileInfo::exists(QDir(worktreeDir).filePath(p)))
            continue;
        if (git_index_add_bypath(index.get(), p.toUtf8().constData()) != 0)
            return gitError(tr("Cannot stage %1").arg(p));
        added << p;
    }
    if (git_index_write(index.get()) != 0)
        return gitError(tr("Cannot write the index"));
    git_oid treeId;
    if (git_index_write_tree(&treeId, index.get()) != 0)
        return gitError(tr("Cannot write the tree"));
    auto parent = headCommit(repo->get());
    if (!parent)
        return parent.error();
    if (git_oid_equal(&treeId, git_commit_tree_id(parent->get())))
        return makeError(ErrorKind::Conflict, tr("Nothing to commit: %1 did not change").arg(added.join(QStringLiteral(", "))));
    git_tree *rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repo->get(), &treeId) != 0)
        return gitError(tr("Cannot read the new tree"));
    Tree tree(rawTree);
    git_signature *rawSig = nullptr;
    if (git_signature_default(&rawSig, repo->get()) != 0 && git_signature_now(&rawSig, "OpsDeck", "opsdeck@localhost") != 0)
        return gitError(tr("Cannot make a commit signature"));
    Sig sig(rawSig);
    git_oid commitId;
    const git_commit *parents[] = {parent->get()};
    if (git_commit_create(&commitId, repo->get(), "HEAD", sig.get(), sig.get(), "UTF-8", message.toUtf8().constData(), tree.get(),
                          1, parents)
        != 0)
        return gitError(tr("Cannot commit"));
    git_commit *made = nullptr;
    if (git_commit_lookup(&made, repo->get(), &commitId) != 0)
        return gitError(tr("Cannot read the new commit"));
    Commit c(made);
    return infoOf(c.get());
}

Status push(const QString &repoDir, const QString &remote, const QString &branch, const QByteArray &token,
            const std::atomic<bool> *cancel)
{
    auto repo = open(repoDir);
    if (!repo)
        return repo.error();
    git_remote *rawRemote = nullptr;
    if (git_remote_lookup(&rawRemote, repo->get(), remote.toUtf8().constData()) != 0)
        return gitError(tr("No remote named %1").arg(remote), ErrorKind::Config);
    Remote r(rawRemote);
    PushState state{token, 0, {}, cancel};
    git_push_options opts = GIT_PUSH_OPTIONS_INIT;
    opts.callbacks.credentials = credentials;
    opts.callbacks.push_update_reference = updateReference;
    opts.callbacks.push_transfer_progress = transferProgress;
    opts.callbacks.payload = &state;
    const QByteArray spec = QStringLiteral("+refs/heads/%1:refs/heads/%1").arg(branch).toUtf8();
    char *specs[] = {const_cast<char *>(spec.constData())};
    const git_strarray refspecs{specs, 1};
    if (git_remote_push(r.get(), &refspecs, &opts) != 0) {
        if (cancel && cancel->load())
            return makeError(ErrorKind::Cancelled, tr("The push was cancelled"));
        return gitError(tr("Cannot push %1 to %2").arg(branch, remote), state.attempts > 1 ? ErrorKind::Auth : ErrorKind::External);
    }
    if (!state.refused.isEmpty())
        return makeError(ErrorKind::External, tr("%1 refused the push (%2)").arg(remote, state.refused));
    return {};
}

Status removeWorktree(const QString &repoDir, const QString &name)
{
    auto repo = open(repoDir);
    if (!repo)
        return repo.error();
    git_worktree *raw = nullptr;
    if (git_worktree_lookup(&raw, repo->get(), name.toUtf8().constData()) != 0)
        return gitError(tr("No worktree named %1").arg(name), ErrorKind::NotFound);
    Worktree wt(raw);
    const QString path = QString::fromUtf8(git_worktree_path(wt.get()));
    git_worktree_prune_options opts = GIT_WORKTREE_PRUNE_OPTIONS_INIT;
    opts.flags = GIT_WORKTREE_PRUNE_VALID | GIT_WORKTREE_PRUNE_LOCKED | GIT_WORKTREE_PRUNE_WORKING_TREE;
    if (git_worktree_prune(wt.get(), &opts) != 0)
        return gitError(tr("Cannot remove the worktree %1").arg(name));
    if (!path.isEmpty() && QFileInfo::exists(path))
        QDir(path).removeRecursively();
    return {};
}

Result<QString> currentBranch(const QString &repoDir)
{
    auto repo = open(repoDir);
    if (!repo)
        return repo.error();
    git_reference *raw = nullptr;
    if (git_repository_head(&raw, repo->get()) != 0)
        return gitError(tr("HEAD cannot be read"), ErrorKind::Conflict);
    Ref head(raw);
    if (!git_reference_is_branch(head.get()))
        return makeError(ErrorKind::Conflict, tr("HEAD is detached: check out the branch pull requests go to"));
    const char *name = nullptr;
    git_branch_name(&name, head.get());
    return QString::fromUtf8(name);
}

Result<QString> remoteUrl(const QString &repoDir, const QString &remote)
{
    auto repo = open(repoDir);
    if (!repo)
        return repo.error();
    git_remote *raw = nullptr;
    if (git_remote_lookup(&raw, repo->get(), remote.toUtf8().constData()) != 0)
        return gitError(tr("No remote named %1").arg(remote), ErrorKind::Config);
    Remote r(raw);
    return QString::fromUtf8(git_remote_url(r.get()));
}

Result<std::optional<GitCommitInfo>> lastChange(const QString &repoDir, const QString &path)
{
    auto repo = open(repoDir);
    if (!repo)
        return repo.error();
    git_revwalk *raw = nullptr;
    if (git_revwalk_new(&raw, repo->get()) != 0)
        return gitError(tr("Cannot walk the history"));
    Walk walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TIME);
    if (git_revwalk_push_head(walk.get()) != 0)
        return gitError(tr("The repository has no commit on HEAD"), ErrorKind::Config);
    const QByteArray wanted = path.toUtf8();
    const auto blobOf = [&](git_commit *c, git_oid *out) {
        git_tree *tree = nullptr;
        if (git_commit_tree(&tree, c) != 0)
            return false;
        Tree t(tree);
        git_tree_entry *entry = nullptr;
        if (git_tree_entry_bypath(&entry, t.get(), wanted.constData()) != 0)
            return false;
        git_oid_cpy(out, git_tree_entry_id(entry));
        git_tree_entry_free(entry);
        return true;
    };
    git_oid id;
    while (git_revwalk_next(&id, walk.get()) == 0) {
        git_commit *rawCommit = nullptr;
        if (git_commit_lookup(&rawCommit, repo->get(), &id) != 0)
            continue;
        Commit c(rawCommit);
        git_oid mine;
        const bool has = blobOf(c.get(), &mine);
        if (!has)
            continue;
        // Changed here when no parent has the same blob at path.
        bool sameInAParent = false;
        for (unsigned int i = 0; i < git_commit_parentcount(c.get()); ++i) {
            git_commit *rawParent = nullptr;
            if (git_commit_parent(&rawParent, c.get(), i) != 0)
                continue;
            Commit parent(rawParent);
            git_oid theirs;
            if (blobOf(parent.get(), &theirs) && git_oid_equal(&mine, &theirs))
                sameInAParent = true;
        }
        if (!sameInAParent)
            return std::optional<GitCommitInfo>(infoOf(c.get()));
    }
    return std::optional<GitCommitInfo>();
}

} // namespace opsdeck::git
