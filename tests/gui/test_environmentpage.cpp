// The Environment page against the demo sandbox: the name × target matrix, the production gap in
// red, the runbook's secrets linked to their credentials, and a provider error shown, not hidden.
#include "appcontext.h"
#include "envmatrixmodel.h"
#include "messagebar.h"
#include "pages/environmentpage.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "testcontext.h"
#include "testsupport.h"
#include "theme.h"
#include "tone.h"
#include "usecases/troubleshootusecase.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using opsdeck::test::waitUntil;

TEST_CASE("Environment page: the matrix with the production gap marked, secrets linked, both themes")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    REQUIRE(ctx->sandbox());
    EnvironmentPage page(ctx->session(), ctx->troubleshoot());
    page.resize(1180, 640);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    REQUIRE(waitUntil([&] { return page.isReady() && page.model()->rowCount() > 0; }, 20000));

    EnvMatrixModel *m = page.model();
    const int stripe = m->rowOf(QStringLiteral("STRIPE_WEBHOOK_SECRET"));
    REQUIRE(stripe >= 0);
    CHECK(m->index(stripe, EnvMatrixModel::Production).data().toString() == QStringLiteral("missing"));
    CHECK(m->index(stripe, EnvMatrixModel::Production).data(ToneRole).toInt() == int(Tone::Bad));
    CHECK(m->index(stripe, EnvMatrixModel::Preview).data().toString() == QStringLiteral("set"));
    CHECK(m->index(stripe, EnvMatrixModel::Name).data(ToneRole).toInt() == int(Tone::Warning));
    const int legacy = m->rowOf(QStringLiteral("LEGACY_API_URL"));
    CHECK(m->index(legacy, EnvMatrixModel::Preview).data().toString() == QStringLiteral("missing"));
    // Set for development only where production has it everywhere else is not a gap.
    const int dbUrl = m->rowOf(QStringLiteral("DATABASE_URL"));
    CHECK_FALSE(m->index(dbUrl, EnvMatrixModel::Name).data(EnvMatrixModel::DiffersRole).toBool());
    CHECK(m->index(dbUrl, EnvMatrixModel::Credential).data().toString().startsWith(QStringLiteral("database-password")));
    const int openai = m->rowOf(QStringLiteral("OPENAI_API_KEY"));
    CHECK(m->index(openai, EnvMatrixModel::Credential).data().toString().startsWith(QStringLiteral("openai-api-key")));
    CHECK(page.summaryText().contains(QStringLiteral("missing in production: FEATURE_ORDERS_V2, STRIPE_WEBHOOK_SECRET")));
    CHECK(page.summaryText().contains(QStringLiteral("missing in preview: LEGACY_API_URL")));
    // Never a value on screen.
    for (const SandboxEnvVar &v : ctx->sandbox()->world().envVars()) {
        for (int r = 0; r < m->rowCount(); ++r) {
            for (int c = 0; c < m->columnCount(); ++c)
                CHECK_FALSE(m->index(r, c).data().toString().contains(v.value));
        }
    }

    // Activating a secret's row (double-click or Enter) asks for the Credentials page; other rows do not.
    QSignalSpy open(&page, &EnvironmentPage::openPageRequested);
    page.view()->setFocus();
    page.view()->setCurrentIndex(m->index(stripe, EnvMatrixModel::Name));
    QTest::keyClick(page.view(), Qt::Key_Return);
    CHECK(open.count() == 0);
    page.view()->setCurrentIndex(m->index(openai, EnvMatrixModel::Name));
    QTest::keyClick(page.view(), Qt::Key_Return);
    REQUIRE(open.count() == 1);
    CHECK(open.at(0).at(0).toString() == QStringLiteral("credentials"));

    QDir().mkpath(QStringLiteral("/tmp/opsdeck-shots"));
    for (bool dark : {false, true}) {
        applyTheme(*qApp, dark);
        QTest::qWait(50);
        const QImage shot = page.grab().toImage();
        CHECK(shot.save(QStringLiteral("/tmp/opsdeck-shots/environment-%1.png").arg(dark ? QStringLiteral("dark") : QStringLiteral("light"))));
    }
    applyTheme(*qApp, false);

    // The provider down: the page says so.
    SandboxFaults faults;
    faults.serverErrorNext = 50;
    ctx->sandbox()->setFaults(QStringLiteral("vercel"), faults);
    page.refresh();
    REQUIRE(waitUntil([&] { return page.isReady(); }, 30000));
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Error);
    CHECK(page.summaryText().contains(QStringLiteral("could not be read")));
}
