#include "pages/profilespage.h"

#include "usecases/session.h"
#include "config/settings.h"
#include "messagebar.h"
#include "messagebox.h"
#include "store/auditlog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>

namespace opsdeck {

namespace {
QLineEdit *lineEdit(QWidget *parent, const QString &placeholder)
{
    auto *e = new QLineEdit(parent);
    e->setPlaceholderText(placeholder);
    return e;
}
QDoubleSpinBox *doubleSpin(QWidget *parent, double max, const QString &suffix, int decimals = 1)
{
    auto *s = new QDoubleSpinBox(parent);
    s->setRange(0, max);
    s->setDecimals(decimals);
    s->setSuffix(suffix);
    return s;
}
QStringList splitList(const QString &s, QChar sep)
{
    QStringList out;
    for (const QString &part : s.split(sep, Qt::SkipEmptyParts))
        out << part.trimmed();
    return out;
}
} // namespace

ProfilesPage::ProfilesPage(Session &context, QWidget *parent)
    : Page(QStringLiteral("profiles"), tr("Profiles"), parent),
      m_context(context), m_profiles(new QComboBox(this))
{
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Profile"), this));
    bar->addWidget(m_profiles, 1);
    auto *add = new QPushButton(tr("New profile"), this);
    auto *save = new QPushButton(tr("Save and use"), this);
    save->setObjectName(QStringLiteral("saveProfile"));
    save->setDefault(true);
    auto *remove = new QPushButton(tr("Delete…"), this);
    remove->setObjectName(QStringLiteral("deleteProfile"));
    // Nothing to delete without a profile.
    const auto updateRemove = [this, remove] { remove->setEnabled(m_profiles->count() > 0 && !m_profiles->currentText().isEmpty()); };
    addHeaderWidget(add);
    addHeaderWidget(remove);
    addHeaderWidget(save);
    contentLayout()->addLayout(bar);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *body = new QWidget(scroll);
    auto *outer = new QVBoxLayout(body);
    auto *general = body;  // the fields' first parent; each is placed in its group below
    m_name = lineEdit(general, tr("production"));
    m_name->setObjectName(QStringLiteral("profileName"));
    m_vercelApi = lineEdit(general, QStringLiteral("https://api.vercel.com"));
    m_vercelProject = lineEdit(general, tr("project id or name"));
    m_vercelTeam = lineEdit(general, tr("team id (optional)"));
    m_githubApi = lineEdit(general, QStringLiteral("https://api.github.com"));
    m_githubRepo = lineEdit(general, tr("owner/name"));
    m_openaiApi = lineEdit(general, QStringLiteral("https://api.openai.com"));
    m_anthropicApi = lineEdit(general, QStringLiteral("https://api.anthropic.com"));
    m_healthUrls = lineEdit(general, tr("https://example.com/api/health (space separated)"));
    m_healthUrls->setObjectName(QStringLiteral("healthUrls"));
    m_databaseUrl = lineEdit(general, tr("postgresql://user@host:5432/db (password goes to Credentials)"));
    m_logDirs = lineEdit(general, tr("/var/log/app:/var/log/nginx"));
    m_backupDest = lineEdit(general, tr("/backups or s3://bucket/prefix"));
    m_runbook = lineEdit(general, tr("built-in runbook"));
    // Grouped by what each field configures; two columns, so the whole profile fits on one screen.
    const auto group = [body](const QString &title) {
        auto *box = new QGroupBox(title, body);
        auto *f = new QFormLayout(box);
        f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        return std::pair{box, f};
    };
    const auto [profileBox, profileForm] = group(tr("Profile"));
    profileForm->addRow(tr("Name *"), m_name);
    profileForm->addRow(tr("Runbook file"), m_runbook);
    auto *required = new QLabel(tr("* required"), profileBox);
    required->setForegroundRole(QPalette::PlaceholderText);
    profileForm->addRow(QString(), required);
    const auto [vercelBox, vercelForm] = group(tr("Vercel"));
    vercelForm->addRow(tr("API"), m_vercelApi);
    vercelForm->addRow(tr("Project"), m_vercelProject);
    vercelForm->addRow(tr("Team"), m_vercelTeam);
    const auto [githubBox, githubForm] = group(tr("GitHub"));
    githubForm->addRow(tr("API"), m_githubApi);
    githubForm->addRow(tr("Repository"), m_githubRepo);
    const auto [aiBox, aiForm] = group(tr("OpenAI and Anthropic"));
    aiForm->addRow(tr("OpenAI API"), m_openaiApi);
    aiForm->addRow(tr("Anthropic API"), m_anthropicApi);
    const auto [serviceBox, serviceForm] = group(tr("Service health"));
    serviceForm->addRow(tr("Health URLs"), m_healthUrls);
    const auto [databaseBox, databaseForm] = group(tr("Database"));
    databaseForm->addRow(tr("URL"), m_databaseUrl);
    m_activeUsersQuery = lineEdit(databaseBox, tr("SELECT count(DISTINCT user_id) FROM sessions WHERE seen_at >= {month_start} "
                                                  "AND seen_at < {month_end}"));
    m_activeUsersQuery->setObjectName(QStringLiteral("profileActiveUsersQuery"));
    m_activeUsersQuery->setToolTip(tr("Counts a month's active users on the database above, for the cost per 100 users; "
                                      "runs read only"));
    databaseForm->addRow(tr("Active users SQL"), m_activeUsersQuery);
    const auto [storageBox, storageForm] = group(tr("Logs and backups"));
    storageForm->addRow(tr("Log folders"), m_logDirs);
    storageForm->addRow(tr("Backup destination"), m_backupDest);
    m_s3Endpoint = lineEdit(storageBox, tr("AWS (or https://minio.example:9000 for another S3 store)"));
    m_awsRegion = lineEdit(storageBox, QStringLiteral("us-east-1"));
    storageForm->addRow(tr("S3 endpoint"), m_s3Endpoint);
    storageForm->addRow(tr("S3 region"), m_awsRegion);
    m_encryptBackups = new QCheckBox(tr("Encrypt backups with the backup key in the keychain"), storageBox);
    m_encryptBackups->setObjectName(QStringLiteral("profileEncryptBackups"));
    m_encryptBackups->setToolTip(tr("XChaCha20-Poly1305 before the dump leaves this machine. Make the key with "
                                    "\"opsdeck-cli backup key --generate\" and keep a copy: restoring needs it."));
    storageForm->addRow(tr("Encryption"), m_encryptBackups);
    auto *grid = new QGridLayout;
    grid->addWidget(profileBox, 0, 0);
    grid->addWidget(vercelBox, 0, 1);
    grid->addWidget(githubBox, 1, 0);
    grid->addWidget(aiBox, 1, 1);
    grid->addWidget(serviceBox, 2, 0);
    grid->addWidget(databaseBox, 2, 1);
    grid->addWidget(storageBox, 3, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    outer->addLayout(grid);

    auto *maintenance = new QGroupBox(tr("Log rotation and backup retention"), body);
    auto *mform = new QFormLayout(maintenance);
    auto spin = [maintenance](int max, const QString &suffix, const QString &name) {
        auto *box = new QSpinBox(maintenance);
        box->setRange(0, max);
        box->setSuffix(suffix);
        box->setObjectName(name);
        return box;
    };
    m_rotationPattern = lineEdit(maintenance, QStringLiteral("*.log"));
    m_rotationPattern->setObjectName(QStringLiteral("profileRotationPattern"));
    m_compressDays = spin(3650, tr(" days"), QStringLiteral("profileCompressDays"));
    m_deleteDays = spin(36500, tr(" days"), QStringLiteral("profileDeleteDays"));
    m_compressDays->setMinimum(1);  // a log is never compressed (or deleted) the day it is written
    m_deleteDays->setMinimum(1);
    m_appLogPattern = lineEdit(maintenance, tr("built-in: ERROR followed by the error type"));
    m_appLogPattern->setObjectName(QStringLiteral("profileAppLogPattern"));
    m_keepDaily = spin(1000, QString(), QStringLiteral("profileKeepDaily"));
    m_keepWeekly = spin(1000, QString(), QStringLiteral("profileKeepWeekly"));
    m_keepMonthly = spin(1000, QString(), QStringLiteral("profileKeepMonthly"));
    m_keepYearly = spin(1000, QString(), QStringLiteral("profileKeepYearly"));
    mform->addRow(tr("Log files to rotate"), m_rotationPattern);
    mform->addRow(tr("Compress them after"), m_compressDays);
    mform->addRow(tr("Delete their archives after"), m_deleteDays);
    mform->addRow(tr("app.log error pattern"), m_appLogPattern);
    mform->addRow(tr("Keep daily backups"), m_keepDaily);
    mform->addRow(tr("Keep weekly backups"), m_keepWeekly);
    mform->addRow(tr("Keep monthly backups"), m_keepMonthly);
    mform->addRow(tr("Keep yearly backups"), m_keepYearly);
    outer->addWidget(maintenance);

    auto *alerts = new QGroupBox(tr("Alert thresholds"), body);
    auto *aform = new QFormLayout(alerts);
    m_errorRate = doubleSpin(alerts, 100, QStringLiteral(" %"), 2);
    m_p95 = doubleSpin(alerts, 600000, QStringLiteral(" ms"), 0);
    m_costPerDay = doubleSpin(alerts, 1e6, QStringLiteral(" $"), 2);
    m_failedWorkflows = new QSpinBox(alerts);
    m_failedWorkflows->setRange(0, 10000);
    m_dbConnections = doubleSpin(alerts, 100, QStringLiteral(" %"), 0);
    aform->addRow(tr("Error rate above"), m_errorRate);
    aform->addRow(tr("P95 response time above"), m_p95);
    aform->addRow(tr("API cost per day above"), m_costPerDay);
    aform->addRow(tr("Failed workflows in 24 h above"), m_failedWorkflows);
    aform->addRow(tr("Database connections above"), m_dbConnections);
    outer->addWidget(alerts);
    outer->addStretch();
    scroll->setWidget(body);
    contentLayout()->addWidget(scroll);

    connect(add, &QPushButton::clicked, this, &ProfilesPage::startNewProfile);
    connect(save, &QPushButton::clicked, this, &ProfilesPage::saveCurrent);
    connect(remove, &QPushButton::clicked, this, &ProfilesPage::removeCurrent);
    connect(m_profiles, &QComboBox::currentTextChanged, this, updateRemove);
    connect(m_profiles->model(), &QAbstractItemModel::rowsInserted, this, updateRemove);
    connect(m_profiles->model(), &QAbstractItemModel::rowsRemoved, this, updateRemove);
    connect(m_profiles->model(), &QAbstractItemModel::modelReset, this, updateRemove);
    updateRemove();
    connect(m_profiles, &QComboBox::activated, this, [this](int index) {
        const QString name = m_profiles->itemText(index);
        if (m_context.profiles().contains(name))
            load(m_context.profiles().load(name));
    });
    refresh();
}

void ProfilesPage::refresh()
{
    m_profiles->clear();
    m_profiles->addItems(m_context.profiles().names());
    if (m_context.hasProfile()) {
        load(m_context.profile());
        m_profiles->setCurrentText(m_context.profile().name);
    } else {
        startNewProfile();
    }
    if (m_context.isDemo())
        messageBar()->showMessage(tr("Demo mode: the Demo profile points at the local sandbox and is not saved."),
                                  MessageBar::Severity::Info);
}

void ProfilesPage::startNewProfile()
{
    Profile blank;
    load(blank);
    m_name->setFocus();
}

void ProfilesPage::load(const Profile &p)
{
    m_name->setText(p.name);
    m_vercelApi->setText(p.vercelApi.toString());
    m_vercelProject->setText(p.vercelProject);
    m_vercelTeam->setText(p.vercelTeam);
    m_githubApi->setText(p.githubApi.toString());
    m_githubRepo->setText(p.githubRepo);
    m_openaiApi->setText(p.openaiApi.toString());
    m_anthropicApi->setText(p.anthropicApi.toString());
    QStringList healthUrls;  // one given with a credential (by the environment) is shown without it
    for (const QString &url : p.healthUrls)
        healthUrls << withoutCredentials(url);
    m_healthUrls->setText(healthUrls.join(QLatin1Char(' ')));
    m_databaseUrl->setText(p.databaseUrl);
    m_logDirs->setText(p.logDirs.join(QLatin1Char(':')));
    m_backupDest->setText(p.backupDest);
    m_runbook->setText(p.runbookFile);
    m_errorRate->setValue(p.thresholds.errorRatePercent);
    m_p95->setValue(p.thresholds.p95Ms);
    m_costPerDay->setValue(p.thresholds.costPerDayUsd);
    m_failedWorkflows->setValue(p.thresholds.failedWorkflows24h);
    m_dbConnections->setValue(p.thresholds.dbConnectionsPercent);
    m_s3Endpoint->setText(p.s3Endpoint);
    m_awsRegion->setText(p.awsRegion);
    m_encryptBackups->setChecked(p.encryptBackups);
    m_rotationPattern->setText(p.logRotation.pattern);
    m_compressDays->setValue(p.logRotation.compressAfterDays);
    m_deleteDays->setValue(p.logRotation.deleteAfterDays);
    m_appLogPattern->setText(p.appLogPattern);
    m_activeUsersQuery->setText(p.activeUsersQuery);
    m_keepDaily->setValue(p.retention.keepDaily);
    m_keepWeekly->setValue(p.retention.keepWeekly);
    m_keepMonthly->setValue(p.retention.keepMonthly);
    m_keepYearly->setValue(p.retention.keepYearly);
}

Profile ProfilesPage::collect() const
{
    Profile p;
    p.name = m_name->text().trimmed();
    auto url = [](QLineEdit *e, const QUrl &fallback) {
        const QString t = e->text().trimmed();
        return t.isEmpty() ? fallback : QUrl(t);
    };
    p.vercelApi = url(m_vercelApi, p.vercelApi);
    p.vercelProject = m_vercelProject->text().trimmed();
    p.vercelTeam = m_vercelTeam->text().trimmed();
    p.githubApi = url(m_githubApi, p.githubApi);
    p.githubRepo = m_githubRepo->text().trimmed();
    p.openaiApi = url(m_openaiApi, p.openaiApi);
    p.anthropicApi = url(m_anthropicApi, p.anthropicApi);
    p.healthUrls = splitList(m_healthUrls->text(), QLatin1Char(' '));
    p.databaseUrl = withoutPassword(m_databaseUrl->text().trimmed());
    p.logDirs = splitList(m_logDirs->text(), QLatin1Char(':'));
    p.backupDest = m_backupDest->text().trimmed();
    p.runbookFile = m_runbook->text().trimmed();
    p.thresholds.errorRatePercent = m_errorRate->value();
    p.thresholds.p95Ms = m_p95->value();
    p.thresholds.costPerDayUsd = m_costPerDay->value();
    p.thresholds.failedWorkflows24h = m_failedWorkflows->value();
    p.thresholds.dbConnectionsPercent = m_dbConnections->value();
    p.s3Endpoint = m_s3Endpoint->text().trimmed();
    p.awsRegion = m_awsRegion->text().trimmed().isEmpty() ? p.awsRegion : m_awsRegion->text().trimmed();
    p.encryptBackups = m_encryptBackups->isChecked();
    p.logRotation.pattern = m_rotationPattern->text().trimmed().isEmpty() ? p.logRotation.pattern : m_rotationPattern->text().trimmed();
    p.logRotation.compressAfterDays = m_compressDays->value();
    p.logRotation.deleteAfterDays = m_deleteDays->value();
    p.appLogPattern = m_appLogPattern->text().trimmed();
    p.activeUsersQuery = m_activeUsersQuery->text().trimmed();
    p.retention.keepDaily = m_keepDaily->value();
    p.retention.keepWeekly = m_keepWeekly->value();
    p.retention.keepMonthly = m_keepMonthly->value();
    p.retention.keepYearly = m_keepYearly->value();
    return p;
}

bool ProfilesPage::saveCurrent()
{
    const Profile p = collect();
    if (!ProfileStore::isValidName(p.name)) {
        messageBar()->showMessage(tr("A profile name uses letters, digits, '.', '_' or '-' (up to 64)."),
                                  MessageBar::Severity::Warning);
        return false;
    }
    if (!p.githubRepo.isEmpty() && p.githubRepo.count(QLatin1Char('/')) != 1) {
        messageBar()->showMessage(tr("The GitHub repository is written owner/name."), MessageBar::Severity::Warning);
        return false;
    }
    for (const QUrl &u : {p.vercelApi, p.githubApi, p.openaiApi, p.anthropicApi}) {
        if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http"))) {
            messageBar()->showMessage(tr("Not a valid API base URL: %1").arg(u.toString()), MessageBar::Severity::Warning);
            return false;
        }
    }
    for (const QString &url : p.healthUrls) {
        if (carriesCredentials(url)) {
            messageBar()->showMessage(tr("The health URL %1 carries a password or token, and settings hold no secrets. "
                                         "Use a health endpoint that needs none, or give the URL to opsdeck-cli in "
                                         "OPSDECK_HEALTH_URL.")
                                          .arg(withoutCredentials(url)),
                                      MessageBar::Severity::Warning);
            return false;
        }
    }
    if (p.logRotation.pattern.contains(QLatin1Char('/'))) {
        messageBar()->showMessage(tr("The log files to rotate are a file name pattern such as *.log (no folders)."),
                                  MessageBar::Severity::Warning);
        return false;
    }
    if (!p.appLogPattern.isEmpty()) {
        const QRegularExpression re(p.appLogPattern);
        if (!re.isValid()) {
            messageBar()->showMessage(tr("The app.log error pattern is not a valid regular expression: %1 (at %2)")
                                          .arg(re.errorString())
                                          .arg(re.patternErrorOffset()),
                                      MessageBar::Severity::Warning);
            return false;
        }
    }
    if (m_databaseUrl->text().trimmed() != p.databaseUrl)
        messageBar()->showMessage(tr("The password was removed from the database URL: store it under Credentials."),
                                  MessageBar::Severity::Warning);
    else
        messageBar()->showMessage(tr("Profile %1 saved and in use.").arg(p.name), MessageBar::Severity::Success);
    m_context.profiles().save(p);
    m_context.profiles().setDefaultProfileName(p.name);
    m_context.settings().setValue(keys::firstStartDone, true);
    m_context.setProfile(p);
    m_profiles->clear();
    m_profiles->addItems(m_context.profiles().names());
    m_profiles->setCurrentText(p.name);
    return true;
}

void ProfilesPage::removeCurrent()
{
    const QString name = m_profiles->currentText();
    if (name.isEmpty() || !m_context.profiles().contains(name))
        return;
    if (MessageBox::question(this, tr("Delete profile"),
                             tr("Delete profile %1? Its credentials stay in the keychain until you delete them.").arg(name))
        != QMessageBox::Yes)
        return;
    (void)m_context.audit().append(QStringLiteral("profile.delete"), name, QJsonObject());
    m_context.profiles().remove(name);
    refresh();
}

} // namespace opsdeck
