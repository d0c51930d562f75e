// Setting and deleting a credential is one behaviour from the Credentials page and from
// `opsdeck-cli secrets`: the audit entry is written first and nothing changes when it cannot be.
#include "appcontext.h"
#include "config/profile.h"
#include "messagebar.h"
#include "messagebox.h"
#include "pages/credentialspage.h"
#include "sandbox/sandbox.h"
#include "secrets/secretstore.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "usecases/credentialsusecase.h"
#include "usecases/session.h"

#include "clirunner.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTableWidget>
#include <QSqlError>
#include <QSqlQuery>

using namespace opsdeck;

namespace {

// One isolated home shared by the in-process app (the page) and the CLI processes, a profile of its
// own (the keyring is shared with the other tests of the run) and the real keychain.
class Fixture
{
public:
    Fixture()
    {
        runner.unsetEnv({"VERCEL_TOKEN", "GITHUB_TOKEN", "GH_TOKEN"});
        ctx = test::makeContext(runner, {.demo = false});
        Profile p;
        p.name = QStringLiteral("audit-order-%1").arg(QRandomGenerator::global()->generate());
        ctx->profiles().save(p);
        ctx->setProfile(p);
    }
    ~Fixture()
    {
        for (const char *name : {"github-token", "vercel-token"}) {
            bool done = false;
            ctx->secrets().remove({ctx->profile().name, QString::fromLatin1(name)}, ctx.get(), [&done](const Status &) { done = true; });
            test::waitUntil([&] { return done; });
        }
    }

    // The runner turns the event loop meanwhile: the CLI and this process share the store and the keyring.
    test::CliResult cli(const QStringList &args, const QByteArray &input = {})
    {
        return runner.run(QStringList{QStringLiteral("--profile"), ctx->profile().name} + args, input);
    }

    // A store that refuses audit entries, as a full disk or a read-only file would.
    void breakAudit(bool broken)
    {
        QSqlQuery q(ctx->store().db());
        REQUIRE(q.exec(broken ? QStringLiteral("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log "
                                               "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
                              : QStringLiteral("DROP TRIGGER refuse_audit")));
    }

    std::optional<QByteArray> stored(const QString &name)
    {
        std::optional<Result<QByteArray>> r;
        ctx->secrets().read({ctx->profile().name, name}, ctx.get(), [&r](const Result<QByteArray> &v) { r = v; });
        REQUIRE(test::waitUntil([&] { return r.has_value(); }));
        if (!r->ok()) {
            REQUIRE(r->error().kind == ErrorKind::NotFound);
            return std::nullopt;
        }
        return r->value();
    }

    QList<AuditEntry> auditFor(const QString &name)
    {
        auto entries = ctx->audit().list(1000);
        REQUIRE(entries.ok());
        QList<AuditEntry> mine;  // oldest first
        for (const AuditEntry &e : entries.value())
            if (e.target == ctx->profile().name + QLatin1Char('/') + name)
                mine.prepend(e);
        return mine;
    }

    test::CliRunner runner;  // the home shared by the CLI runs and the in-process app (ctx)
    std::unique_ptr<AppContext> ctx;
};

bool showsError(CredentialsPage &page)
{
    return test::waitUntil([&] { return page.messageBar()->severity() == MessageBar::Severity::Error
                                        && !page.messageBar()->text().isEmpty(); });
}

} // namespace

TEST_CASE("a credential is stored only after its audit entry, from the Credentials page and from secrets set")
{
    Fixture f;
    CredentialsPage page(f.ctx->session(), f.ctx->credentialsUseCase(), f.ctx->rotationUseCase());
    const QString name = QStringLiteral("github-token");

    f.breakAudit(true);
    page.storeCredential(name, "fake-token-from-the-page");
    REQUIRE(showsError(page));
    CHECK(page.messageBar()->text().contains(QStringLiteral("audit entry")));
    CHECK_FALSE(f.stored(name));

    const test::CliResult refused = f.cli({QStringLiteral("secrets"), QStringLiteral("set"), name}, "fake-token-from-the-cli\n");
    CHECK(refused.exitCode == 3);
    CHECK(refused.err.contains("audit entry"));
    CHECK_FALSE(f.stored(name));  // before the fix the CLI stored first and only warned
    CHECK(f.auditFor(name).isEmpty());

    f.breakAudit(false);
    page.messageBar()->clear();
    page.storeCredential(name, "fake-token-from-the-page");
    REQUIRE(test::waitUntil([&] { return f.stored(name) == QByteArray("fake-token-from-the-page"); }));
    // Replacing needs consent in both front ends: the page asks, the CLI wants --yes.
    const test::CliResult noYes = f.cli({QStringLiteral("secrets"), QStringLiteral("set"), name}, "fake-token-from-the-cli\n");
    CHECK(noYes.exitCode == 2);
    CHECK(noYes.err.contains("--yes"));
    CHECK(f.stored(name) == QByteArray("fake-token-from-the-page"));
    const test::CliResult replaced = f.cli({QStringLiteral("secrets"), QStringLiteral("set"), name, QStringLiteral("--yes")},
                                  "fake-token-from-the-cli\n");
    CHECK(replaced.exitCode == 0);
    CHECK(f.stored(name) == QByteArray("fake-token-from-the-cli"));
    const int asked = MessageBox::questionsAsked();
    MessageBox::setNextAnswer(QMessageBox::No);
    page.storeCredential(name, "fake-token-declined");
    REQUIRE(test::waitUntil([asked] { return MessageBox::questionsAsked() > asked; }));
    CHECK(f.stored(name) == QByteArray("fake-token-from-the-cli"));

    const QList<AuditEntry> audit = f.auditFor(name);
    REQUIRE(audit.size() == 2);
    CHECK(audit[0].action == QStringLiteral("secret.set"));
    CHECK(audit[0].details.value(QStringLiteral("via")).toString() == QStringLiteral("gui"));
    CHECK(audit[1].action == QStringLiteral("secret.replace"));
    CHECK(audit[1].details.value(QStringLiteral("via")).toString() == QStringLiteral("cli"));
    CHECK(f.ctx->audit().verify().ok);
}

TEST_CASE("a credential is deleted only after its audit entry, from the Credentials page and from secrets delete")
{
    Fixture f;
    CredentialsPage page(f.ctx->session(), f.ctx->credentialsUseCase(), f.ctx->rotationUseCase());
    const QString name = QStringLiteral("vercel-token");
    REQUIRE(f.cli({QStringLiteral("secrets"), QStringLiteral("set"), name}, "fake-vercel-token\n").exitCode == 0);
    REQUIRE(f.stored(name) == QByteArray("fake-vercel-token"));

    f.breakAudit(true);
    page.deleteCredential(name);
    REQUIRE(showsError(page));
    CHECK(page.messageBar()->text().contains(QStringLiteral("audit entry")));
    CHECK(f.stored(name) == QByteArray("fake-vercel-token"));
    const test::CliResult refused = f.cli({QStringLiteral("secrets"), QStringLiteral("delete"), name, QStringLiteral("--yes")});
    CHECK(refused.exitCode == 3);
    CHECK(refused.err.contains("audit entry"));
    CHECK(f.stored(name) == QByteArray("fake-vercel-token"));  // before the fix the CLI deleted and ignored the audit

    f.breakAudit(false);
    page.messageBar()->clear();
    page.deleteCredential(name);
    REQUIRE(test::waitUntil([&] { return !f.stored(name); }));
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);
    const QList<AuditEntry> audit = f.auditFor(name);
    REQUIRE(audit.size() == 2);
    CHECK(audit[1].action == QStringLiteral("secret.delete"));
    CHECK(audit[1].details.value(QStringLiteral("via")).toString() == QStringLiteral("gui"));
}

TEST_CASE("Test connections checks each set credential with its provider: one works, one is refused, the rest say why not",
          "[gui]")
{
    Sandbox sandbox(SandboxOptions{.seed = 5});
    REQUIRE(sandbox.start().ok());
    Fixture f;
    Profile p = f.ctx->profile();
    p.vercelApi = sandbox.vercelApi();
    p.githubApi = sandbox.githubApi();
    p.githubRepo = QString::fromLatin1(Sandbox::kGithubRepo);
    f.ctx->profiles().save(p);
    f.ctx->setProfile(p);
    CredentialsPage page(f.ctx->session(), f.ctx->credentialsUseCase(), f.ctx->rotationUseCase());
    page.storeCredential(QStringLiteral("github-token"), Sandbox::kGithubToken);
    REQUIRE(test::waitUntil([&] { return f.stored(QStringLiteral("github-token")).has_value(); }, 10'000));
    page.storeCredential(QStringLiteral("vercel-token"), "vcp_not_the_sandbox_token_0000");
    REQUIRE(test::waitUntil([&] { return f.stored(QStringLiteral("vercel-token")).has_value(); }, 10'000));

    const auto cell = [&page](const char *name) -> QTableWidgetItem * {
        for (int row = 0; row < page.table()->rowCount(); ++row)
            if (page.table()->item(row, 0)->data(Qt::UserRole).toString() == QLatin1String(name))
                return page.table()->item(row, 5);
        return nullptr;
    };
    REQUIRE(page.table()->horizontalHeaderItem(5)->text() == QStringLiteral("Connection"));
    auto *testAll = page.findChild<QPushButton *>(QStringLiteral("testConnections"));
    REQUIRE(testAll);
    // Both stored values are listed (each store refreshes the list) before the test starts.
    REQUIRE(test::waitUntil([&] {
        return page.isReady() && cell("github-token") && cell("github-token")->text() == QStringLiteral("not tested")
               && cell("vercel-token")->text() == QStringLiteral("not tested");
    }));
    CHECK(testAll->isEnabled());
    const int requests = sandbox.requestCount(QStringLiteral("/"));
    testAll->click();
    const bool answered = test::waitUntil([&] {
        return cell("github-token")->text().startsWith(QStringLiteral("✓"))
               && cell("vercel-token")->text().startsWith(QStringLiteral("✗"));
    }, 15'000);
    INFO(QString(cell("github-token")->text() + QLatin1Char(' ') + cell("github-token")->toolTip() + QLatin1Char(' ')
          + cell("vercel-token")->text() + QLatin1Char(' ') + cell("vercel-token")->toolTip())
             .toStdString());
    REQUIRE(answered);
    CHECK(cell("github-token")->toolTip().contains(QStringLiteral("GitHub accepted the token (user ")));
    CHECK(cell("vercel-token")->text() == QStringLiteral("✗ refused"));
    CHECK(cell("vercel-token")->toolTip().contains(QStringLiteral("Vercel refused the token")));
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Error);
    // Only the two set credentials were tried; the others say why they were not.
    CHECK(sandbox.requestCount(QStringLiteral("/")) - requests == 2);
    CHECK(cell("openai-admin-key")->text() == QStringLiteral("–"));
    CHECK(cell("openai-admin-key")->toolTip() == QStringLiteral("Not set"));
    CHECK(cell("aws-access-key-id")->toolTip().contains(QStringLiteral("backup")));
    // The answers stay through a refresh, and testing changed and audited nothing.
    const int audited = int(f.auditFor(QStringLiteral("vercel-token")).size());
    page.refresh();
    REQUIRE(test::waitUntil([&] { return page.isReady(); }));
    CHECK(cell("github-token")->text() == QStringLiteral("✓ works"));
    CHECK(f.auditFor(QStringLiteral("vercel-token")).size() == audited);

    // The CLI gives the same answers, and a refusal is a failed check.
    const test::CliResult r = f.cli({QStringLiteral("--json"), QStringLiteral("secrets"), QStringLiteral("test")});
    INFO(r.out.toStdString() << r.err.toStdString());
    CHECK(r.exitCode == 1);
    const QJsonArray results = QJsonDocument::fromJson(r.out).array();
    REQUIRE(results.size() == 2);
    QHash<QString, QJsonObject> byName;
    for (const QJsonValue &v : results)
        byName.insert(v[QStringLiteral("name")].toString(), v.toObject());
    CHECK(byName.value(QStringLiteral("github-token"))[QStringLiteral("ok")].toBool());
    CHECK_FALSE(byName.value(QStringLiteral("vercel-token"))[QStringLiteral("ok")].toBool());
    CHECK_FALSE(r.out.contains("vcp_not_the_sandbox_token_0000"));
    CHECK(f.cli({QStringLiteral("secrets"), QStringLiteral("test"), QStringLiteral("github-token")}).exitCode == 0);
    CHECK(f.cli({QStringLiteral("secrets"), QStringLiteral("test"), QStringLiteral("aws-access-key-id")}).exitCode == 2);
}
