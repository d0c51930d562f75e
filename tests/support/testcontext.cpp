#include "testcontext.h"

#include "appcontext.h"
#include "clirunner.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

namespace opsdeck::test {

namespace {

std::unique_ptr<AppContext> create(const QString &settingsPath, const QString &dataDir, ContextOptions options)
{
    AppOptions o;
    o.settingsPath = settingsPath;
    o.dataDir = dataDir;
    o.demo = options.demo;
    o.sandboxSeed = options.sandboxSeed;
    o.demoHistory = options.demoHistory;
    o.storeLocation = options.storeLocation;
    auto ctx = AppContext::create(o);
    INFO((ctx ? QString() : ctx.error().toString()).toStdString());
    REQUIRE(ctx.ok());
    return std::move(ctx).value();
}

} // namespace

std::unique_ptr<AppContext> makeContext(const QTemporaryDir &dir, ContextOptions options)
{
    REQUIRE(dir.isValid());
    return create(dir.filePath(QStringLiteral("settings.ini")), dir.filePath(QStringLiteral("data")), options);
}

std::unique_ptr<AppContext> makeContext(const CliRunner &cli, ContextOptions options)
{
    return create(cli.settingsPath(), cli.dataDir(), options);
}

} // namespace opsdeck::test
