#include "core/text.h"

#include <catch2/catch.hpp>

using opsdeck::sanitizeForDisplay;

TEST_CASE("escape sequences and bidi overrides are removed from provider text")
{
    CHECK(sanitizeForDisplay(QStringLiteral("ok\x1b[2Jdone")) == QStringLiteral("okdone"));
    CHECK(sanitizeForDisplay(QStringLiteral("a\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\b")) == QStringLiteral("alinkb"));
    CHECK(sanitizeForDisplay(QString::fromUtf16(u"abc\u202Etxt.exe")) == QStringLiteral("abctxt.exe"));
    CHECK(sanitizeForDisplay(QStringLiteral("bell\x07\x01")) == QStringLiteral("bell"));
}

TEST_CASE("newlines become spaces unless kept")
{
    CHECK(sanitizeForDisplay(QStringLiteral("a\nb\tc")) == QStringLiteral("a b c"));
    CHECK(sanitizeForDisplay(QStringLiteral("a\nb"), true) == QStringLiteral("a\nb"));
}

TEST_CASE("ordinary text, including non-ASCII, is untouched")
{
    const QString s = QString::fromUtf8("Déploiement 2026 — ✓ <img src=x>");
    CHECK(sanitizeForDisplay(s) == s);
}
