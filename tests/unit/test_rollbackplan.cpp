// The rollback plan: validation, the hash that pins it, the stale check.
#include "providers/github/githubparser.h"
#include "rollback/rollbackplan.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {

const QDateTime kNow(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC);

Deployment deployment(const QString &id, const QString &target, qint64 hoursAgo, const QString &sha)
{
    Deployment d;
    d.id = id;
    d.projectId = QStringLiteral("prj_1");
    d.url = id.mid(4) + QStringLiteral(".vercel.app");
    d.state = QStringLiteral("READY");
    d.target = target;
    d.createdAt = kNow.addSecs(-hoursAgo * 3600);
    d.creator = QStringLiteral("maria");
    d.commitSha = sha;
    d.commitMessage = QStringLiteral("change ") + sha + QStringLiteral("\n\nlong body");
    d.isRollbackCandidate = target == QLatin1String("production");
    d.inspectorUrl = QStringLiteral("https://vercel.com/acme/web/") + id.mid(4);
    return d;
}

PlanInputs inputs(RollbackKind kind = RollbackKind::Rollback)
{
    PlanInputs in;
    in.kind = kind;
    in.project.id = QStringLiteral("prj_1");
    in.project.name = QStringLiteral("web");
    in.project.productionDeploymentId = QStringLiteral("dpl_now");
    in.current = deployment(QStringLiteral("dpl_now"), QStringLiteral("production"), 2, QStringLiteral("bbbbbbbbbb"));
    in.current.isRollbackCandidate = false;
    in.current.aliases = {QStringLiteral("web.acme.com"), QStringLiteral("web-acme.vercel.app")};
    in.target = deployment(QStringLiteral("dpl_old"), QStringLiteral("production"), 50, QStringLiteral("aaaaaaaaaa"));
    in.teamId = QStringLiteral("team_1");
    in.teamSlug = QStringLiteral("acme");
    in.commits = QList<PlanCommit>{{QStringLiteral("cccc"), QStringLiteral("fix login"), QStringLiteral("maria"), kNow.addDays(-1)}};
    in.reason = QStringLiteral("5xx spike after deploy");
    in.now = kNow;
    return in;
}

} // namespace

TEST_CASE("a rollback plan names both deployments, the domains, the age and what Vercel keeps")
{
    const auto plan = buildRollbackPlan(inputs());
    REQUIRE(plan.ok());
    CHECK(plan->current.id == QStringLiteral("dpl_now"));
    CHECK(plan->target.id == QStringLiteral("dpl_old"));
    CHECK(plan->target.commitMessage == QStringLiteral("change aaaaaaaaaa"));  // first line only
    CHECK(plan->targetAgeMs == 50LL * 3600 * 1000);
    CHECK(formatAge(plan->targetAgeMs) == QStringLiteral("2 days 2 hours"));
    CHECK(plan->domains == QStringList{QStringLiteral("web.acme.com"), QStringLiteral("web-acme.vercel.app")});
    CHECK(plan->staleNote.contains(QStringLiteral("Environment variables and cron jobs follow the old build")));
    CHECK(plan->commitsBetween.size() == 1);
    CHECK(plan->commitsLeaveProduction);
    CHECK(plan->confirmationPhrase() == QStringLiteral("acme/web"));
    CHECK(plan->reason == QStringLiteral("5xx spike after deploy"));
    CHECK(plan->describe().contains(QStringLiteral("dpl_old")));
    CHECK(plan->hash().size() == 64);
}

TEST_CASE("the plan hash is stable for the same plan and changes with anything that matters")
{
    const QString base = buildRollbackPlan(inputs())->hash();
    CHECK(buildRollbackPlan(inputs())->hash() == base);

    auto otherTarget = inputs();
    otherTarget.target.id = QStringLiteral("dpl_older");
    auto otherCurrent = inputs();
    otherCurrent.current.id = otherCurrent.project.productionDeploymentId = QStringLiteral("dpl_other");
    auto otherReason = inputs();
    otherReason.reason = QStringLiteral("something else");
    auto otherDomains = inputs();
    otherDomains.current.aliases.removeLast();
    for (const PlanInputs &in : {otherTarget, otherCurrent, otherReason, otherDomains})
        CHECK(buildRollbackPlan(in)->hash() != base);

    // A plan edited after it was made no longer matches the hash the user confirmed.
    RollbackPlan edited = buildRollbackPlan(inputs()).value();
    edited.target.id = QStringLiteral("dpl_evil");
    CHECK(edited.hash() != base);
}

TEST_CASE("impossible plans are refused before anything is sent")
{
    auto same = inputs();
    same.target = same.current;
    auto failed = inputs();
    failed.target.state = QStringLiteral("ERROR");
    auto preview = inputs();
    preview.target.target = QStringLiteral("preview");
    auto notCandidate = inputs();
    notCandidate.target.isRollbackCandidate = false;
    auto running = inputs();
    running.project.lastAliasRequest = AliasRequest{QStringLiteral("in-progress"), kNow.addSecs(-30),
                                                    QStringLiteral("dpl_x"), QStringLiteral("dpl_now"), QStringLiteral("rollback")};
    auto moved = inputs();
    moved.project.productionDeploymentId = QStringLiteral("dpl_meanwhile");
    for (const auto &[name, in] : {std::pair{"already production", same}, std::pair{"not ready", failed},
                                   std::pair{"preview", preview}, std::pair{"not a candidate", notCandidate},
                                   std::pair{"alias job running", running}, std::pair{"moved", moved}}) {
        INFO(name);
        const auto plan = buildRollbackPlan(in);
        REQUIRE_FALSE(plan.ok());
        CHECK(plan.error().kind == ErrorKind::Conflict);
    }

    // A pending request older than three minutes is history (Vercel's CLI ignores it too).
    auto oldRequest = running;
    oldRequest.project.lastAliasRequest->requestedAt = kNow.addSecs(-600);
    CHECK(buildRollbackPlan(oldRequest).ok());
}

TEST_CASE("promote takes a preview deployment; newer commits enter production")
{
    auto in = inputs(RollbackKind::Promote);
    in.target = deployment(QStringLiteral("dpl_preview"), QStringLiteral("preview"), 1, QStringLiteral("dddd"));
    const auto plan = buildRollbackPlan(in);
    REQUIRE(plan.ok());
    CHECK(plan->kind == RollbackKind::Promote);
    CHECK_FALSE(plan->commitsLeaveProduction);
    CHECK(plan->toJson().value(QStringLiteral("kind")).toString() == QStringLiteral("promote"));
}

TEST_CASE("execute-time check: a plan whose production moved is stale")
{
    const RollbackPlan plan = buildRollbackPlan(inputs()).value();
    Project p = inputs().project;
    CHECK(checkPlanStillCurrent(plan, p, kNow).ok());

    p.productionDeploymentId = QStringLiteral("dpl_meanwhile");
    const Status stale = checkPlanStillCurrent(plan, p, kNow);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().kind == ErrorKind::Conflict);
    CHECK(stale.error().message.contains(QStringLiteral("stale")));
    CHECK(stale.error().message.contains(QStringLiteral("dpl_meanwhile")));

    p = inputs().project;
    p.lastAliasRequest = AliasRequest{QStringLiteral("pending"), kNow, QStringLiteral("dpl_x"), {}, QStringLiteral("promote")};
    CHECK_FALSE(checkPlanStillCurrent(plan, p, kNow).ok());
}

TEST_CASE("the confirmation phrase is team/project when the slug is known, else the project name")
{
    auto noSlug = inputs();
    noSlug.teamSlug.clear();
    CHECK(buildRollbackPlan(noSlug)->confirmationPhrase() == QStringLiteral("web"));
    CHECK(teamSlugFromInspectorUrl(QStringLiteral("https://vercel.com/acme/web/8fQk2"), QStringLiteral("web")) == QStringLiteral("acme"));
    CHECK(teamSlugFromInspectorUrl(QStringLiteral("https://vercel.com/acme/other/8fQk2"), QStringLiteral("web")).isEmpty());
    CHECK(teamSlugFromInspectorUrl(QStringLiteral("https://evil.example/acme/web/1"), QStringLiteral("web")).isEmpty());
}

TEST_CASE("GitHub's compare answer: commits oldest first, login or name, control characters removed")
{
    const auto c = parseCompare(test::fixture(QStringLiteral("rollbackplan/compare.json")));
    REQUIRE(c.ok());
    CHECK(c->status == QStringLiteral("ahead"));
    CHECK(c->aheadBy == 3);
    CHECK(c->totalCommits == 3);
    REQUIRE(c->commits.size() == 3);
    CHECK(c->commits[0].authorLogin == QStringLiteral("maria"));
    CHECK(c->commits[0].message.startsWith(QStringLiteral("fix login redirect\n")));
    CHECK(c->commits[0].date == QDateTime(QDate(2026, 11, 21), QTime(9, 0), Qt::UTC));
    CHECK(c->commits[1].authorLogin.isEmpty());
    CHECK(c->commits[1].authorName == QStringLiteral("Unmapped Person"));
    CHECK_FALSE(c->commits[1].message.contains(QChar(0x1b)));

    CHECK_FALSE(parseCompare(QByteArrayLiteral("{\"status\":\"ahead\"}")).ok());  // no commits array
    CHECK_FALSE(parseCompare(QByteArrayLiteral("<html>")).ok());
}

TEST_CASE("a reason typed next to the confirmation makes a new plan with its own hash")
{
    const RollbackPlan plan = buildRollbackPlan(inputs()).value();
    const RollbackPlan withReason = plan.withReason(QStringLiteral("  users see 500s \u001b[2J "));
    CHECK(withReason.reason == QStringLiteral("users see 500s"));
    CHECK(withReason.hash() != plan.hash());
    CHECK(plan.reason == QStringLiteral("5xx spike after deploy"));  // the original is untouched
    CHECK(plan.withReason(plan.reason).hash() == plan.hash());
}
