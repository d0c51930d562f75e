// How OpsDeck says when something happened: relative in the text, exact in the tooltip.
#include "core/humantime.h"

#include <catch2/catch.hpp>

using namespace opsdeck;

TEST_CASE("relative times read as a person would say them, with proper plurals")
{
    const QDateTime now(QDate(2026, 12, 7), QTime(12, 0), Qt::UTC);
    CHECK(relativeTime(now.addSecs(-10), now) == QStringLiteral("just now"));
    CHECK(relativeTime(now.addSecs(-60), now) == QStringLiteral("1 min ago"));
    CHECK(relativeTime(now.addSecs(-5 * 60 - 10), now) == QStringLiteral("5 min ago"));
    CHECK(relativeTime(now.addSecs(-59 * 60), now) == QStringLiteral("59 min ago"));
    CHECK(relativeTime(now.addSecs(-9 * 3600 - 1200), now) == QStringLiteral("9 h ago"));
    CHECK(relativeTime(now.addSecs(-47 * 3600), now) == QStringLiteral("47 h ago"));
    CHECK(relativeTime(now.addDays(-3), now) == QStringLiteral("3 days ago"));
    CHECK(relativeTime(now.addSecs(2 * 3600), now) == QStringLiteral("in 2 h"));
    CHECK(relativeTime(QDateTime(), now) == QStringLiteral("never"));
}

TEST_CASE("the exact time is in UTC, whatever zone the moment was given in")
{
    const QDateTime utc(QDate(2026, 12, 7), QTime(16, 57, 30), Qt::UTC);
    CHECK(exactTime(utc) == QStringLiteral("2026-12-07 16:57 UTC"));
    CHECK(exactTime(utc.toOffsetFromUtc(3600)) == QStringLiteral("2026-12-07 16:57 UTC"));
    CHECK(exactTime(QDateTime()).isEmpty());
}
