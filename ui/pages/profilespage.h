#pragma once

#include "config/profile.h"
#include "page.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace opsdeck {

class Session;

// Create, edit, delete and switch profiles (no secrets here: see Credentials).
class ProfilesPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilesPage)
public:
    explicit ProfilesPage(Session &context, QWidget *parent = nullptr);
    void refresh() override;
    void startNewProfile();
    bool saveCurrent();  // validates, saves, makes it active

private:
    void load(const Profile &p);
    Profile collect() const;
    void removeCurrent();

    Session &m_context;
    QComboBox *m_profiles;
    QLineEdit *m_name, *m_vercelApi, *m_vercelProject, *m_vercelTeam, *m_githubApi, *m_githubRepo, *m_openaiApi,
        *m_anthropicApi, *m_healthUrls, *m_databaseUrl, *m_logDirs, *m_backupDest, *m_runbook;
    QDoubleSpinBox *m_errorRate, *m_p95, *m_costPerDay, *m_dbConnections;
    QSpinBox *m_failedWorkflows;
    QCheckBox *m_encryptBackups = nullptr;
    QLineEdit *m_s3Endpoint, *m_awsRegion, *m_rotationPattern, *m_appLogPattern, *m_activeUsersQuery;
    QSpinBox *m_compressDays, *m_deleteDays, *m_keepDaily, *m_keepWeekly, *m_keepMonthly, *m_keepYearly;
};

} // namespace opsdeck
