#include "errors/errorgrouper.h"

#include <catch2/catch.hpp>

using namespace opsdeck;

namespace {
RuntimeLogLine line(const char *level, const char *message, const char *path, int minute)
{
    RuntimeLogLine l;
    l.level = QString::fromLatin1(level);
    l.message = QString::fromUtf8(message);
    l.requestPath = QString::fromLatin1(path);
    l.source = QStringLiteral("serverless");
    l.responseStatusCode = 500;
    l.timestamp = QDateTime(QDate(2026, 11, 28), QTime(10, minute), Qt::UTC);
    return l;
}
} // namespace

TEST_CASE("messages that differ only by ids and numbers share a signature")
{
    CHECK(errorSignature(QStringLiteral("Error: connect ETIMEDOUT 10.0.0.12:5432"))
          == errorSignature(QStringLiteral("Error: connect ETIMEDOUT 10.0.0.7:5432")));
    CHECK(errorSignature(QStringLiteral("Order 8812 not found")) == errorSignature(QStringLiteral("Order 17 not found")));
    CHECK(errorSignature(QStringLiteral("Cannot read properties of undefined (reading 'id')"))
          == errorSignature(QStringLiteral("Cannot read properties of undefined (reading 'email')")));
    CHECK(errorSignature(QStringLiteral("Order 1 not found")) != errorSignature(QStringLiteral("User 1 not found")));
    CHECK(errorSignature(QStringLiteral("Boom\n    at handler (/var/task/a.js:1:2)")) == QStringLiteral("Boom"));
}

TEST_CASE("error lines are grouped with counts, first/last seen and paths; other levels are ignored")
{
    const QList<RuntimeLogLine> lines{
        line("error", "Order 12 not found", "/api/orders/12", 1),
        line("error", "Order 99 not found", "/api/orders/99", 5),
        line("info", "Order 7 not found", "/api/orders/7", 6),
        line("error", "Error: connect ETIMEDOUT 10.0.0.12:5432", "/api/me", 3),
        line("error", "Order 5 not found", "/api/orders/12", 9),
        line("warning", "slow", "/api/me", 2),
    };
    const auto groups = groupErrors(lines);
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].count == 3);
    CHECK(groups[0].sample == QStringLiteral("Order 12 not found"));
    CHECK(groups[0].firstSeen.time() == QTime(10, 1));
    CHECK(groups[0].lastSeen.time() == QTime(10, 9));
    CHECK(groups[0].paths.first() == QStringLiteral("/api/orders/12"));  // most frequent first
    CHECK(groups[0].paths.size() == 2);
    CHECK(groups[1].count == 1);
    CHECK(groups[1].statusCodes == QList<int>{500});
}

TEST_CASE("hostile messages are sanitized in samples and signatures")
{
    const auto groups = groupErrors({line("error", "bad \x1b[2J\x1b]8;;http://x\x1b\\thing", "/x", 1)});
    REQUIRE(groups.size() == 1);
    CHECK_FALSE(groups[0].sample.contains(QChar(0x1b)));
    CHECK_FALSE(groups[0].signature.contains(QChar(0x1b)));
}
