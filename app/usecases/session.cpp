#include "usecases/session.h"

#include "database/demodatabase.h"
#include "store/storeevents.h"

namespace opsdeck {

Session::Session(const SessionParts &parts, bool demo, QString dataDir, QObject *parent)
    : QObject(parent), m_parts(parts), m_demo(demo), m_dataDir(std::move(dataDir)),
      m_events(new StoreEvents(parts.store, this))
{
}

Session::~Session() = default;

void Session::setProfile(const Profile &profile)
{
    m_profile = profile;
    Q_EMIT profileChanged();
}

QString Session::profileKey() const
{
    return m_profile.name.isEmpty() ? QStringLiteral("default") : m_profile.name;
}

DemoDatabase *Session::demoDatabase(bool start)
{
    if (!m_demoDatabase && start && m_demo && DemoDatabase::available())
        m_demoDatabase = DemoDatabase::create(this);
    return m_demoDatabase;
}

} // namespace opsdeck
