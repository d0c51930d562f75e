#include <catch2/catch.hpp>

#include "net/etagcache.h"

using namespace opsdeck;

namespace {

EtagCache::Entry entry(const QByteArray &etag, const QByteArray &body) { return {etag, body, {}}; }

} // namespace

TEST_CASE("the key depends on the URL and the credential, and holds no secret", "[etag]")
{
    const QUrl url(QStringLiteral("https://api.github.com/repos/o/r/actions/runs?per_page=100"));
    const HeaderList tokenA{{"Authorization", "Bearer token-a-not-real"}};
    const HeaderList tokenB{{"Authorization", "Bearer token-b-not-real"}};
    const QByteArray a = EtagCache::key(url, tokenA);
    CHECK(a == EtagCache::key(url, tokenA));
    CHECK(a != EtagCache::key(url, tokenB));
    CHECK(a != EtagCache::key(url, {}));
    CHECK(a != EtagCache::key(QUrl(QStringLiteral("https://api.github.com/repos/o/r/actions/runs?per_page=50")), tokenA));
    CHECK_FALSE(a.contains("token-a"));
    CHECK_FALSE(QByteArray::fromHex(a).contains("token-a"));
}

TEST_CASE("entries are found, replaced and removed", "[etag]")
{
    EtagCache cache;
    CHECK_FALSE(cache.find("k"));
    cache.insert("k", entry("\"v1\"", "body one"));
    REQUIRE(cache.find("k"));
    CHECK(cache.find("k")->body == "body one");
    cache.insert("k", entry("\"v2\"", "body two"));
    CHECK(cache.size() == 1);
    CHECK(cache.find("k")->etag == "\"v2\"");
    CHECK(cache.totalBytes() == QByteArray("\"v2\"body two").size());
    cache.insert("k", entry({}, "no etag"));  // nothing to revalidate with: dropped
    CHECK_FALSE(cache.find("k"));
    CHECK(cache.totalBytes() == 0);
}

TEST_CASE("the cache is bounded by entry count, least recently used first", "[etag]")
{
    EtagCache cache(3, 1024 * 1024);
    cache.insert("a", entry("1", "A"));
    cache.insert("b", entry("2", "B"));
    cache.insert("c", entry("3", "C"));
    REQUIRE(cache.find("a"));  // a is now the most recently used
    cache.insert("d", entry("4", "D"));
    CHECK(cache.size() == 3);
    CHECK(cache.find("a"));
    CHECK_FALSE(cache.find("b"));
    CHECK(cache.find("c"));
    CHECK(cache.find("d"));
}

TEST_CASE("the cache is bounded by bytes", "[etag]")
{
    EtagCache cache(200, 1000);
    cache.insert("big", entry("e", QByteArray(2000, 'x')));  // larger than the whole budget
    CHECK_FALSE(cache.find("big"));
    for (int i = 0; i < 10; ++i)
        cache.insert(QByteArray::number(i), entry("e", QByteArray(299, 'x')));
    CHECK(cache.totalBytes() <= 1000);
    CHECK(cache.size() == 3);
    CHECK(cache.find("9"));
    CHECK_FALSE(cache.find("0"));
    cache.clear();
    CHECK(cache.size() == 0);
    CHECK(cache.totalBytes() == 0);
}
