// The index a slow statement asks for, as the runbook's example builds it by hand.
#include "database/indexsuggestion.h"

#include <catch2/catch.hpp>

using namespace opsdeck;

TEST_CASE("suggestIndex reads the table and the compared columns of a slow statement")
{
    const auto runbook = suggestIndex(QStringLiteral("SELECT * FROM projects WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20"));
    REQUIRE(runbook);
    CHECK(runbook->table == QStringLiteral("projects"));
    CHECK(runbook->columns == QStringList{QStringLiteral("user_id")});

    const auto qualified = suggestIndex(QStringLiteral(
        "select o.id, o.total from public.\"orders\" o where o.customer_id = $1 and o.status IN ($2, $3) and o.created_at >= $4"));
    REQUIRE(qualified);
    CHECK(qualified->table == QStringLiteral("public.orders"));
    CHECK(qualified->columns == QStringList{QStringLiteral("customer_id"), QStringLiteral("status"), QStringLiteral("created_at")});

    const auto update = suggestIndex(QStringLiteral("UPDATE sessions SET seen_at = now() WHERE token = $1"));
    REQUIRE(update);
    CHECK(update->table == QStringLiteral("sessions"));
    CHECK(update->columns == QStringList{QStringLiteral("token")});

    const auto like = suggestIndex(QStringLiteral("SELECT id FROM users WHERE email LIKE $1 AND deleted_at IS NULL"));
    REQUIRE(like);
    CHECK(like->columns == QStringList{QStringLiteral("email")});

    CHECK_FALSE(suggestIndex(QStringLiteral("SELECT count(*) FROM events")));
    CHECK_FALSE(suggestIndex(QStringLiteral("VACUUM ANALYZE orders")));
    CHECK_FALSE(suggestIndex(QString()));
}
