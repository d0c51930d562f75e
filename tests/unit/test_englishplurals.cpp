// Counts read as English: "1 backup", "3 backups", never "3 backup(s)".
#include "core/englishplurals.h"

#include <QCoreApplication>

#include <catch2/catch.hpp>

using namespace opsdeck;

TEST_CASE("English plurals: the (s) after %n follows the count; another placeholder's (s) is left alone")
{
    CHECK(EnglishPlurals::resolve(QStringLiteral("%n backup(s)"), 1) == QStringLiteral("%n backup"));
    CHECK(EnglishPlurals::resolve(QStringLiteral("%n backup(s)"), 0) == QStringLiteral("%n backups"));
    CHECK(EnglishPlurals::resolve(QStringLiteral("Remove %n backup(s) of %1 (s)"), 2) == QStringLiteral("Remove %n backups of %1 (s)"));
    CHECK(EnglishPlurals::resolve(QStringLiteral("%1 requests in %n file(s), %3 suspicious IP(s)."), 1)
          == QStringLiteral("%1 requests in %n file, %3 suspicious IP(s)."));

    EnglishPlurals plurals;
    QCoreApplication::installTranslator(&plurals);
    CHECK(QCoreApplication::translate("Test", "%n alert(s) firing", nullptr, 1) == QStringLiteral("1 alert firing"));
    CHECK(QCoreApplication::translate("Test", "%n alert(s) firing", nullptr, 5) == QStringLiteral("5 alerts firing"));
    CHECK(QCoreApplication::translate("Test", "Usage fetched %n day(s) ago.", nullptr, 2) == QStringLiteral("Usage fetched 2 days ago."));
    CHECK(QCoreApplication::translate("Test", "No count here") == QStringLiteral("No count here"));
    QCoreApplication::removeTranslator(&plurals);
    CHECK(QCoreApplication::translate("Test", "%n alert(s) firing", nullptr, 5) == QStringLiteral("5 alert(s) firing"));
}
