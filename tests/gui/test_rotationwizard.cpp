// The rotation wizard of the Credentials page, driven as a user would: the demo's sandbox makes a new
// key, the plan is read, Rotate runs the loop step by step. A value the provider refuses changes
// nothing. Rows due for rotation stand out. Screenshots in both themes.
#include "appcontext.h"
#include "core/clock.h"
#include "dialogs/rotationdialog.h"
#include "messagebar.h"
#include "pages/credentialspage.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "secrets/secretindex.h"
#include "secrets/secretstore.h"
#include "testcontext.h"
#include "testsupport.h"
#include "theme.h"
#include "usecases/session.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

namespace {

void shoot(QWidget &w, const QString &name)
{
    QTest::qWait(50);
    QDir().mkpath(QStringLiteral("/tmp/opsdeck-shots"));
    CHECK(w.grab().toImage().save(QStringLiteral("/tmp/opsdeck-shots/") + name + QStringLiteral(".png")));
}

int rowOf(QTableWidget *table, const QString &credential)
{
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->data(Qt::UserRole).toString() == credential)
            return r;
    return -1;
}

const SandboxApiKey *anthropicKeyNamed(const Sandbox &sandbox, const QString &name)
{
    for (const SandboxApiKey &k : sandbox.world().apiKeys())
        if (k.name == name)
            return &k;
    return nullptr;
}

} // namespace

TEST_CASE("rotation wizard: a sandbox key validated, stored, pushed, the old key retired, step by step", "[gui]")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    Sandbox &sandbox = *ctx->sandbox();
    for (const bool dark : {false, true}) {
        applyTheme(*qApp, dark);
        const QString theme = dark ? QStringLiteral("dark") : QStringLiteral("light");
        CredentialsPage page(ctx->session(), ctx->credentialsUseCase(), ctx->rotationUseCase());
        page.resize(1200, 600);
        page.show();
        REQUIRE(test::waitUntil([&] { return page.isReady(); }, 10'000));
        const int row = rowOf(page.table(), QStringLiteral("anthropic-api-key"));
        REQUIRE(row >= 0);
        CHECK(page.table()->item(row, 6)->text() == QStringLiteral("ANTHROPIC_API_KEY in acme/web"));

        RotationDialog *wizard = page.rotateCredential(QStringLiteral("anthropic-api-key"));
        REQUIRE(wizard);
        CHECK(wizard->stage() == RotationDialog::Stage::Value);
        CHECK(wizard->repoEdit()->text() == QStringLiteral("acme/web"));
        CHECK(wizard->secretsEdit()->text() == QStringLiteral("ANTHROPIC_API_KEY"));
        CHECK(wizard->valueEdit()->echoMode() == QLineEdit::Password);

        // Nothing to rotate with: the plan is refused, nothing is sent.
        const int requests = sandbox.requestCount(QStringLiteral("/"));
        QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("rotationNext")), Qt::LeftButton);
        CHECK(wizard->stage() == RotationDialog::Stage::Value);
        CHECK(wizard->messageBar()->text().contains(QStringLiteral("No new value")));

        QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("issueDemoKey")), Qt::LeftButton);
        const QByteArray fresh = wizard->valueEdit()->text().toUtf8();
        REQUIRE(fresh.startsWith("sk-ant-api03-"));
        shoot(*wizard, QStringLiteral("rotation-value-") + theme);
        QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("rotationNext")), Qt::LeftButton);
        REQUIRE(wizard->stage() == RotationDialog::Stage::Plan);
        CHECK(wizard->planList()->count() == 5);
        CHECK(wizard->planList()->item(2)->text().contains(QStringLiteral("ANTHROPIC_API_KEY in acme/web")));
        CHECK(sandbox.requestCount(QStringLiteral("/")) == requests);  // the plan changed nothing
        shoot(*wizard, QStringLiteral("rotation-plan-") + theme);

        const QByteArray before = ctx->session().demoCredential(QStringLiteral("anthropic-api-key"));
        QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("rotationRotate")), Qt::LeftButton);
        REQUIRE(wizard->stage() == RotationDialog::Stage::Progress);
        REQUIRE(test::waitUntil([&] { return wizard->report().has_value(); }, 30'000));
        CHECK(wizard->report()->ok());
        CHECK(wizard->stepList()->count() == 5);
        CHECK(wizard->valueEdit()->text().isEmpty());  // the value is not kept in the dialog
        CHECK(ctx->session().demoCredential(QStringLiteral("anthropic-api-key")) == fresh);
        CHECK(sandbox.decryptedSecret(QStringLiteral("ANTHROPIC_API_KEY")) == fresh);
        CHECK_FALSE(sandbox.world().acceptsKey(QStringLiteral("anthropic-api-key"), before));
        CHECK(wizard->messageBar()->severity() == MessageBar::Severity::Success);
        shoot(*wizard, QStringLiteral("rotation-done-") + theme);
        shoot(page, QStringLiteral("credentials-") + theme);
        wizard->close();
    }
    applyTheme(*qApp, false);
    CHECK(anthropicKeyNamed(sandbox, QStringLiteral("web-backend"))->status == QStringLiteral("inactive"));
}

TEST_CASE("rotation wizard: a value the provider refuses changes nothing and says so", "[gui]")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    Sandbox &sandbox = *ctx->sandbox();
    CredentialsPage page(ctx->session(), ctx->credentialsUseCase(), ctx->rotationUseCase());
    RotationDialog *wizard = page.rotateCredential(QStringLiteral("openai-api-key"));
    REQUIRE(wizard);
    wizard->valueEdit()->setText(QStringLiteral("sk-proj-made-up-and-never-issued-0000"));
    wizard->secretsEdit()->setText(QStringLiteral("OPENAI_API_KEY OPENAI_KEY_WORKER"));
    REQUIRE(wizard->showPlan());
    wizard->startRotation();
    // The secrets chosen become the profile's for this credential.
    CHECK(ctx->profile().githubSecrets.value(QStringLiteral("openai-api-key"))
          == QStringList{QStringLiteral("OPENAI_API_KEY"), QStringLiteral("OPENAI_KEY_WORKER")});
    REQUIRE(test::waitUntil([&] { return wizard->report().has_value(); }, 30'000));
    CHECK_FALSE(wizard->report()->ok());
    CHECK(wizard->stepList()->count() == 1);
    CHECK(wizard->stepList()->item(0)->text().contains(QStringLiteral("nothing was changed")));
    CHECK(wizard->messageBar()->severity() == MessageBar::Severity::Error);
    CHECK(ctx->session().demoCredential(QStringLiteral("openai-api-key")) == QByteArray(Sandbox::kOpenAiApiKey));
    CHECK_FALSE(sandbox.decryptedSecret(QStringLiteral("OPENAI_API_KEY")).has_value());
    CHECK(sandbox.world().acceptsKey(QStringLiteral("openai-api-key"), QByteArray(Sandbox::kOpenAiApiKey)));

    // A repository written wrong is refused before anything runs.
    RotationDialog *second = page.rotateCredential(QStringLiteral("vercel-token"));
    second->valueEdit()->setText(QString::fromUtf8(sandbox.issueKey(QStringLiteral("vercel-token"))));
    second->repoEdit()->setText(QStringLiteral("not-a-repo"));
    CHECK_FALSE(second->showPlan());
    CHECK(second->messageBar()->text().contains(QStringLiteral("owner/name")));
    // Keys OpsDeck cannot validate or retire have no wizard.
    CHECK(page.rotateCredential(QStringLiteral("aws-secret-access-key")) == nullptr);
    CHECK(page.messageBar()->text().contains(QStringLiteral("Set…")));
}

TEST_CASE("credentials due for rotation stand out, overdue in red, soon in amber", "[gui]")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    Profile p;
    p.name = QStringLiteral("due-%1").arg(QRandomGenerator::global()->generate());
    p.githubRepo = QStringLiteral("acme/web");
    ctx->profiles().save(p);
    ctx->setProfile(p);
    const QDateTime now = ctx->clock().nowUtc();
    const auto store = [&](const char *name, int ageDays) {
        std::optional<Status> done;
        ctx->secrets().write({p.name, QString::fromLatin1(name)}, "value-not-real-" + QByteArray(name), ctx.get(),
                             [&done](const Status &s) { done = s; });
        REQUIRE(test::waitUntil([&] { return done.has_value(); }, 10'000));
        REQUIRE(done->ok());
        ctx->session().secretIndex().recordStored(p.name, QString::fromLatin1(name), now.addDays(-ageDays),
                                                  QStringLiteral("secret-service"));
    };
    store("vercel-token", 100);      // overdue by 10 days
    store("openai-api-key", 80);     // due in 10 days
    store("anthropic-api-key", 5);   // in date
    CredentialsPage page(ctx->session(), ctx->credentialsUseCase(), ctx->rotationUseCase());
    page.resize(1200, 600);
    page.show();
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 10'000));
    QTableWidget *t = page.table();
    const auto status = [&](const char *name) { return t->item(rowOf(t, QString::fromLatin1(name)), 4); };
    CHECK(status("vercel-token")->text() == QStringLiteral("overdue by 10 days"));
    CHECK(status("vercel-token")->foreground().color() == toneColor(Tone::Bad));
    CHECK(status("openai-api-key")->text() == QStringLiteral("due in 10 days"));
    CHECK(status("openai-api-key")->foreground().color() == toneColor(Tone::Warning));
    CHECK(status("anthropic-api-key")->text() == QStringLiteral("in date"));
    CHECK(status("backup-encryption-key")->text() == QStringLiteral("not rotated here"));
    CHECK(page.messageBar()->text().contains(QStringLiteral("1 overdue, 1 due within 14 days")));
    shoot(page, QStringLiteral("credentials-due"));
    for (const char *name : {"vercel-token", "openai-api-key", "anthropic-api-key"}) {
        bool done = false;
        ctx->secrets().remove({p.name, QString::fromLatin1(name)}, ctx.get(), [&done](const Status &) { done = true; });
        test::waitUntil([&] { return done; });
    }
}
