// Catch2 main with a QApplication on the offscreen platform for widget tests.
#define CATCH_CONFIG_RUNNER
#include "core/englishplurals.h"
#include <catch2/catch.hpp>

#include "pgcluster.h"

#include <QApplication>

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    opsdeck::EnglishPlurals plurals;  // "1 backup", "3 backups"
    QCoreApplication::installTranslator(&plurals);
    QCoreApplication::setOrganizationName(QStringLiteral("OpsDeckTests"));
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck-tests"));
    const int failed = Catch::Session().run(argc, argv);
    opsdeck::test::PgCluster::stopAll();
    return failed;
}
