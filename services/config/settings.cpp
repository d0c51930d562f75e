#include "config/settings.h"

#include <QDir>
#include <QFileInfo>

namespace opsdeck {

Settings::Settings(std::unique_ptr<QSettings> settings) : m_settings(std::move(settings)) {}

std::unique_ptr<Settings> Settings::forUser()
{
    return std::unique_ptr<Settings>(new Settings(std::make_unique<QSettings>(
        QSettings::IniFormat, QSettings::UserScope, QStringLiteral("OpsDeck"), QStringLiteral("opsdeck"))));
}

std::unique_ptr<Settings> Settings::atPath(const QString &iniPath)
{
    QDir().mkpath(QFileInfo(iniPath).absolutePath());
    return std::unique_ptr<Settings>(new Settings(std::make_unique<QSettings>(iniPath, QSettings::IniFormat)));
}

} // namespace opsdeck
