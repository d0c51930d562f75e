#include "core/englishplurals.h"
#include "cli/clirunner.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    opsdeck::EnglishPlurals plurals;  // "1 backup", "3 backups"
    QCoreApplication::installTranslator(&plurals);
    QCoreApplication::setOrganizationName(QStringLiteral("OpsDeck"));
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPSDECK_VERSION));
    return opsdeck::cli::runCli(QCoreApplication::arguments());
}
