// Catch2 main with a QCoreApplication, so tests can run event loops.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "pgcluster.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("OpsDeckTests"));
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck-tests"));
    const int failed = Catch::Session().run(argc, argv);
    opsdeck::test::PgCluster::stopAll();
    return failed;
}
