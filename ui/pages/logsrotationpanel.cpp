#include "pages/logsrotationpanel.h"

#include "usecases/session.h"
#include "core/clock.h"
#include "logsrotationmodel.h"
#include "messagebox.h"
#include "store/auditlog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck {

LogsRotationPanel::LogsRotationPanel(Session &context, LogsUseCase &logs, QWidget *parent)
    : QGroupBox(tr("Rotation"), parent), m_context(context), m_logs(logs), m_folder(new QComboBox(this)), m_pattern(new QLineEdit(this)),
      m_compressDays(new QSpinBox(this)), m_deleteDays(new QSpinBox(this)), m_preview(new QPushButton(tr("Preview"), this)),
      m_run(new QPushButton(tr("Run rotation…"), this)), m_save(new QPushButton(tr("Save for profile"), this)),
      m_view(new QTableView(this)), m_model(new LogsRotationModel(this))
{
    m_folder->setObjectName(QStringLiteral("rotationFolder"));
    m_folder->setMinimumContentsLength(30);
    m_pattern->setObjectName(QStringLiteral("rotationPattern"));
    m_pattern->setToolTip(tr("Log files to compress (a wildcard pattern); their archives are the same name + .gz"));
    m_pattern->setMaximumWidth(120);
    m_preview->setObjectName(QStringLiteral("rotationPreview"));
    m_run->setObjectName(QStringLiteral("rotationRun"));
    m_run->setEnabled(false);
    m_save->setObjectName(QStringLiteral("rotationSave"));
    m_save->setToolTip(tr("Keep this pattern and these ages as the profile's rotation settings"));
    m_compressDays->setObjectName(QStringLiteral("rotationCompressDays"));
    m_compressDays->setRange(1, 3650);
    m_compressDays->setSuffix(tr(" d"));
    m_deleteDays->setObjectName(QStringLiteral("rotationDeleteDays"));
    m_deleteDays->setRange(1, 36500);
    m_deleteDays->setSuffix(tr(" d"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Folder"), this));
    bar->addWidget(m_folder, 1);
    bar->addWidget(new QLabel(tr("Compress"), this));
    bar->addWidget(m_pattern);
    bar->addWidget(new QLabel(tr("after"), this));
    bar->addWidget(m_compressDays);
    bar->addWidget(new QLabel(tr("delete archives after"), this));
    bar->addWidget(m_deleteDays);
    bar->addWidget(m_save);
    bar->addWidget(m_preview);
    bar->addWidget(m_run);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    m_view->setObjectName(QStringLiteral("rotationTable"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setMinimumHeight(140);
    layout->addWidget(m_view);

    connect(m_preview, &QPushButton::clicked, this, &LogsRotationPanel::preview);
    connect(m_run, &QPushButton::clicked, this, &LogsRotationPanel::runRotation);
    connect(m_folder, &QComboBox::currentIndexChanged, this, [this] {
        m_planReady = false;
        m_run->setEnabled(false);
        m_model->setPlan(RotationPlan{});
    });
    for (QSpinBox *box : {m_compressDays, m_deleteDays})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            m_planReady = false;
            m_run->setEnabled(false);
        });
    // A plan made with another pattern is not what a run would do.
    connect(m_pattern, &QLineEdit::textChanged, this, [this] {
        m_planReady = false;
        m_run->setEnabled(false);
    });
    connect(m_save, &QPushButton::clicked, this, &LogsRotationPanel::saveProfileSettings);
    connect(&m_context, &Session::profileChanged, this, &LogsRotationPanel::loadProfileSettings);
    loadProfileSettings();
    setFolders({});
}

void LogsRotationPanel::setFolders(const QStringList &folders)
{
    m_folder->clear();
    m_folder->addItems(folders);
    m_preview->setEnabled(!folders.isEmpty() && !m_busy);
    m_model->setPlan(RotationPlan{});
    m_planReady = false;
    m_run->setEnabled(false);
}

RotationPolicy LogsRotationPanel::policy() const
{
    LogRotationSettings settings;
    settings.pattern = m_pattern->text().trimmed();
    settings.compressAfterDays = m_compressDays->value();
    settings.deleteAfterDays = m_deleteDays->value();
    return RotationPolicy::fromProfile(settings);
}

void LogsRotationPanel::loadProfileSettings()
{
    const LogRotationSettings &s = m_context.profile().logRotation;
    m_pattern->setText(s.pattern);
    m_compressDays->setValue(s.compressAfterDays);
    m_deleteDays->setValue(s.deleteAfterDays);
}

void LogsRotationPanel::saveProfileSettings()
{
    Profile profile = m_context.profile();
    if (profile.name.isEmpty())
        return Q_EMIT message(tr("Create a profile first: rotation settings are stored per profile."),
                              MessageBar::Severity::Warning);
    const QString pattern = m_pattern->text().trimmed();
    if (pattern.isEmpty() || pattern.contains(QLatin1Char('/')))
        return Q_EMIT message(tr("The pattern is a file name pattern such as *.log (no folders)."), MessageBar::Severity::Error);
    profile.logRotation.pattern = pattern;
    profile.logRotation.compressAfterDays = m_compressDays->value();
    profile.logRotation.deleteAfterDays = m_deleteDays->value();
    // The demo profile is rebuilt at every start: its settings last for this session only.
    if (!profile.demo)
        m_context.profiles().save(profile);
    m_context.setProfile(profile);
    Q_EMIT message(profile.demo ? tr("Rotation settings apply to this demo session.")
                                : tr("Rotation settings saved in profile \"%1\".").arg(profile.name),
                   MessageBar::Severity::Success);
}

void LogsRotationPanel::setBusy(bool busy)
{
    m_busy = busy;
    m_preview->setEnabled(!busy && m_folder->count() > 0);
    m_run->setEnabled(!busy && m_planReady
                      && (m_model->count(RotationAction::Compress) + m_model->count(RotationAction::Delete)) > 0);
}

void LogsRotationPanel::preview()
{
    if (m_busy || m_folder->currentText().isEmpty())
        return;
    m_planReady = false;
    setBusy(true);
    const QString folder = m_folder->currentText();
    const RotationPolicy p = policy();
    m_logs.previewRotation(folder, p, this)->onFinished(this, [this](const Result<RotationPlan> &plan) { previewDone(plan); });
}

void LogsRotationPanel::previewDone(const Result<RotationPlan> &plan)
{
    if (!plan) {
        m_model->setPlan(RotationPlan{});
        Q_EMIT message(plan.error().toString(), MessageBar::Severity::Error);
    } else {
        m_model->setPlan(*plan);
        m_planReady = true;
        m_view->resizeColumnsToContents();
        Q_EMIT message(tr("Rotation preview of %1: %2 to compress, %3 to delete, %4 kept, %5 skipped.")
                           .arg(plan->folder)
                           .arg(plan->count(RotationAction::Compress))
                           .arg(plan->count(RotationAction::Delete))
                           .arg(plan->count(RotationAction::Keep))
                           .arg(plan->count(RotationAction::Skip)),
                       MessageBar::Severity::Info);
    }
    setBusy(false);
    Q_EMIT finished();
}

void LogsRotationPanel::runRotation()
{
    if (m_busy || !m_planReady)
        return;
    const RotationPlan plan = m_model->plan();
    const int compress = plan.count(RotationAction::Compress);
    const int remove = plan.count(RotationAction::Delete);
    if (compress + remove == 0)
        return;
    const auto answer = MessageBox::question(
        this, tr("Rotate logs"),
        tr("In %1:\n\ncompress %2 and delete %3?\n\nDeleted archives cannot be recovered. Files "
           "that changed since the preview are left alone.")
            .arg(plan.folder, tr("%n log file(s)", nullptr, int(compress)), tr("%n archive(s)", nullptr, int(remove))));
    if (answer != QMessageBox::Yes)
        return;
    m_planReady = false;
    setBusy(true);
    m_logs.rotate(plan, this)->onFinished(this, [this](const Result<LogsUseCase::Rotated> &r) { runDone(r); });
}

void LogsRotationPanel::runDone(const Result<LogsUseCase::Rotated> &rotated)
{
    if (!rotated) {  // refused before anything ran
        Q_EMIT message(rotated.error().toString(), MessageBar::Severity::Error);
        setBusy(false);
        Q_EMIT finished();
        return;
    }
    const RotationReport &report = rotated->report;
    m_model->setReport(report);
    m_view->resizeColumnsToContents();
    if (!report.ok()) {
        QString first;
        for (const RotationOutcome &o : report.outcomes)
            if (first.isEmpty() && !o.error.isEmpty())
                first = o.error;
        Q_EMIT message(tr("%n file(s) could not be rotated: %1", nullptr, report.failed).arg(first), MessageBar::Severity::Error);
    } else if (!rotated->auditProblem.isEmpty()) {
        Q_EMIT message(tr("Rotation done, but its audit entry could not be written: %1").arg(rotated->auditProblem),
                       MessageBar::Severity::Warning);
    } else {
        Q_EMIT message(tr("Rotation done: %1 compressed, %2 deleted, %3 MB freed.")
                           .arg(report.compressed)
                           .arg(report.deleted)
                           .arg(QString::number(double(report.bytesFreed) / 1e6, 'f', 1)),
                       MessageBar::Severity::Success);
    }
    setBusy(false);
    Q_EMIT finished();
}

} // namespace opsdeck
