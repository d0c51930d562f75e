#include <catch2/catch.hpp>

#include "net/linkheader.h"

using namespace opsdeck;

TEST_CASE("GitHub Link header with next and last", "[linkheader]")
{
    const auto links = parseLinkHeader(
        R"(<https://api.github.com/repositories/1300192/issues?page=2>; rel="next", )"
        R"(<https://api.github.com/repositories/1300192/issues?page=511>; rel="last")");
    REQUIRE(links.size() == 2);
    CHECK(links.value(QStringLiteral("next")) == QUrl(QStringLiteral("https://api.github.com/repositories/1300192/issues?page=2")));
    CHECK(links.value(QStringLiteral("last")).query() == QStringLiteral("page=511"));
    CHECK_FALSE(links.contains(QStringLiteral("prev")));
}

TEST_CASE("all four relations, any order and spacing", "[linkheader]")
{
    const auto links = parseLinkHeader(
        "<https://h.test/r?page=1>;rel=\"prev\",<https://h.test/r?page=3>  ;  rel=next ,"
        "<https://h.test/r?page=1>; rel=\"first\", <https://h.test/r?page=9>; rel=\"last\"");
    CHECK(links.keys() == QStringList{QStringLiteral("first"), QStringLiteral("last"), QStringLiteral("next"), QStringLiteral("prev")});
    CHECK(links.value(QStringLiteral("next")).query() == QStringLiteral("page=3"));
}

TEST_CASE("several rels in one quoted value", "[linkheader]")
{
    const auto links = parseLinkHeader(R"(<https://h.test/x?page=4>; rel="next last")");
    CHECK(links.value(QStringLiteral("next")) == links.value(QStringLiteral("last")));
    CHECK(links.value(QStringLiteral("next")).query() == QStringLiteral("page=4"));
}

TEST_CASE("commas and semicolons inside the URL", "[linkheader]")
{
    const auto links = parseLinkHeader(
        R"(<https://h.test/alerts?after=Y3Vyc29y,Mg%3D%3D;v=1&per_page=100>; rel="next", )"
        R"(<https://h.test/alerts?before=a,b>; title="x, y; z"; rel="prev")");
    REQUIRE(links.contains(QStringLiteral("next")));
    CHECK(links.value(QStringLiteral("next")).toEncoded() == QByteArray("https://h.test/alerts?after=Y3Vyc29y,Mg%3D%3D;v=1&per_page=100"));
    CHECK(links.value(QStringLiteral("prev")).query() == QStringLiteral("before=a,b"));
}

TEST_CASE("Dependabot cursor links", "[linkheader]")
{
    const auto links = parseLinkHeader(
        R"(<https://api.github.com/repos/o/r/dependabot/alerts?per_page=100&after=Y3Vyc29yOnYyOpK5>; rel="next")");
    CHECK(links.value(QStringLiteral("next")).query().contains(QStringLiteral("after=Y3Vyc29yOnYyOpK5")));
}

TEST_CASE("malformed headers yield no links instead of guesses", "[linkheader]")
{
    CHECK(parseLinkHeader({}).isEmpty());
    CHECK(parseLinkHeader("garbage").isEmpty());
    CHECK(parseLinkHeader("<https://h.test/unterminated; rel=\"next\"").isEmpty());
    CHECK(parseLinkHeader("<https://h.test/no-rel>").isEmpty());
    CHECK(parseLinkHeader("<>; rel=\"next\"").isEmpty());
    // A bad element does not hide a good one after it.
    const auto links = parseLinkHeader("junk; rel=next, <https://h.test/ok>; rel=\"NEXT\"");
    CHECK(links.value(QStringLiteral("next")) == QUrl(QStringLiteral("https://h.test/ok")));
    // The first link for a relation wins.
    const auto twice = parseLinkHeader("<https://h.test/1>; rel=next, <https://h.test/2>; rel=next");
    CHECK(twice.value(QStringLiteral("next")) == QUrl(QStringLiteral("https://h.test/1")));
}
