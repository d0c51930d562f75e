// Vercel's build events and project environment variables as OpsDeck reads them
// (api-reference.md 1): failing lines, keep-alives, the older event shape, a stream cut in pieces,
// and the name × target matrix that never holds a value.
#include "providers/vercel/buildlog.h"

#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {
QStringList texts(const QList<BuildEvent> &events)
{
    QStringList out;
    for (const BuildEvent &e : events)
        out << e.text;
    return out;
}
} // namespace

TEST_CASE("build events: payload text, the older top-level text, keep-alives skipped, failing lines picked out")
{
    const QByteArray body = R"([
        {"type":"command","created":1767225600000,"payload":{"id":"e1","date":1767225600000,"text":"Running \"npm run build\"","deploymentId":"dpl_1"}},
        {"type":"stdout","created":1767225601000,"text":"> next build"},
        {"type":"stdout"},
        {"type":"stderr","created":1767225602000,"payload":{"text":"npm WARN deprecated inflight@1.0.6"}},
        {"type":"stdout","created":1767225603000,"payload":{"text":"Module not found: Can't resolve './orders'"}},
        {"type":"stdout","created":1767225604000,"payload":{"text":"Error: Command \"npm run build\" exited with 1"}},
        {"type":"stdout","created":1767225605000,"payload":{"text":"Compiled with ErrorBoundary component"}},
        "noise"
    ])";
    const auto log = parseBuildEvents(body);
    REQUIRE(log.ok());
    CHECK(texts(log->events) == QStringList{QStringLiteral("Running \"npm run build\""), QStringLiteral("> next build"),
                                            QStringLiteral("npm WARN deprecated inflight@1.0.6"),
                                            QStringLiteral("Module not found: Can't resolve './orders'"),
                                            QStringLiteral("Error: Command \"npm run build\" exited with 1"),
                                            QStringLiteral("Compiled with ErrorBoundary component")});
    CHECK(log->keepAlives == 1);
    CHECK(log->unreadable == 1);
    QList<bool> failing;
    for (const BuildEvent &e : log->events)
        failing << e.failing;
    // stderr counts (npm writes warnings there too); "ErrorBoundary" is not "Error:".
    CHECK(failing == QList<bool>{false, false, true, true, true, false});
    CHECK(log->failingCount() == 3);
    CHECK(log->events.first().created == QDateTime::fromMSecsSinceEpoch(1767225600000, Qt::UTC));
    CHECK(log->events.first().id == QStringLiteral("e1"));
}

TEST_CASE("build events: an error page or an object where the list belongs is a clear error")
{
    CHECK_FALSE(parseBuildEvents("<html>502 Bad Gateway</html>").ok());
    const auto notList = parseBuildEvents(R"({"error":{"code":"not_found"}})");
    REQUIRE_FALSE(notList.ok());
    CHECK(notList.error().message.contains(QStringLiteral("Vercel")));
}

TEST_CASE("build event stream: lines split across chunks arrive once, in order; a cut last line is reported")
{
    BuildEventCollector collector;
    const QByteArray stream = R"({"type":"stdout","created":1,"payload":{"text":"one"}}
{"type":"delimiter"}
{"type":"stderr","created":2,"payload":{"text":"Error: two"}}
not json at all
{"type":"stdout","created":3,"payload":{"text":"thr)";
    QList<BuildEvent> seen;
    for (qsizetype i = 0; i < stream.size(); i += 7)
        seen += collector.feed(stream.mid(i, 7));
    CHECK(texts(seen) == QStringList{QStringLiteral("one"), QStringLiteral("Error: two")});
    seen += collector.finish();
    CHECK(texts(seen) == QStringList{QStringLiteral("one"), QStringLiteral("Error: two")});
    CHECK(collector.log().cutOff);
    CHECK(collector.log().keepAlives == 1);
    CHECK(collector.log().unreadable == 1);
    CHECK(collector.log().events.size() == 2);
    CHECK(collector.log().events.at(1).failing);

    BuildEventCollector whole;
    whole.feed(R"({"type":"stdout","created":1,"payload":{"text":"last"}})");
    CHECK(texts(whole.finish()) == QStringList{QStringLiteral("last")});
    CHECK_FALSE(whole.log().cutOff);
}

TEST_CASE("environment variables: one row per name across entries, values never read, targets compared")
{
    const QByteArray body = R"({"envs":[
        {"id":"env_1","key":"DATABASE_URL","type":"encrypted","target":["production"],"updatedAt":1767225600000,"value":"postgres://u:hunter2@db/prod"},
        {"id":"env_2","key":"DATABASE_URL","type":"encrypted","target":["preview","development"],"updatedAt":1767312000000,"value":"x"},
        {"id":"env_3","key":"STRIPE_WEBHOOK_SECRET","type":"sensitive","target":["development","preview"],"value":""},
        {"id":"env_4","key":"LEGACY_API_URL","type":"plain","target":"production","value":"https://old"},
        {"id":"env_5","key":"FEATURE_X","type":"plain","target":["preview"],"gitBranch":"feat/x"},
        {"id":"env_6","key":"DEV_ONLY","type":"plain","target":["development"]}
    ]})";
    const auto vars = parseEnvVars(body);
    REQUIRE(vars.ok());
    REQUIRE(vars->size() == 6);
    CHECK(vars->at(3).targets == QStringList{QStringLiteral("production")});  // the older single-string form

    const QList<EnvRow> rows = envMatrix(vars.value());
    REQUIRE(rows.size() == 5);
    CHECK(rows.at(0).key == QStringLiteral("DATABASE_URL"));
    CHECK(rows.at(0).targets == QStringList{QStringLiteral("production"), QStringLiteral("preview"), QStringLiteral("development")});
    CHECK(rows.at(0).updatedAt == QDateTime::fromMSecsSinceEpoch(1767312000000, Qt::UTC));
    const auto stripe = std::find_if(rows.cbegin(), rows.cend(), [](const EnvRow &r) { return r.key == QLatin1String("STRIPE_WEBHOOK_SECRET"); });
    REQUIRE(stripe != rows.cend());
    CHECK(stripe->targets == QStringList{QStringLiteral("preview"), QStringLiteral("development")});

    const EnvDiff diff = diffTargets(rows, QStringLiteral("production"), QStringLiteral("preview"));
    CHECK(diff.onlyInA == QStringList{QStringLiteral("LEGACY_API_URL")});
    CHECK(diff.onlyInB == QStringList{QStringLiteral("FEATURE_X"), QStringLiteral("STRIPE_WEBHOOK_SECRET")});
    CHECK(diff.differs());
    CHECK_FALSE(diffTargets(rows, QStringLiteral("production"), QStringLiteral("production")).differs());

    CHECK_FALSE(parseEnvVars(R"({"envs":[{"type":"plain"}]})").ok());  // a variable without a name
    CHECK_FALSE(parseEnvVars("[]").ok());
}
