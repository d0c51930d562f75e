#include "pages/dependenciespage.h"

#include "messagebar.h"
#include "messagebox.h"
#include "usecases/session.h"
#include "widgets/statuschip.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
enum Col { ColPackage, ColCurrent, ColWanted, ColLatest, ColChange, ColRisk, ColType, ColCount };

Tone toneOf(UpdateRisk risk)
{
    switch (risk) {
    case UpdateRisk::Low: return Tone::Good;
    case UpdateRisk::Medium: return Tone::Warning;
    case UpdateRisk::High: return Tone::Bad;
    }
    return Tone::Muted;
}
} // namespace

DependenciesPage::DependenciesPage(Session &session, DepsUseCase &deps, QWidget *parent)
    : Page(QStringLiteral("dependencies"), tr("Dependencies"), parent),
      m_session(session), m_deps(deps), m_dir(new QLineEdit(this)), m_summary(new QLabel(this)),
      m_table(new QTableWidget(this)), m_risk(new QComboBox(this)), m_branch(new QLineEdit(this)),
      m_pullRequest(new QCheckBox(tr("Commit, push and open a pull request"), this)),
      m_check(new QPushButton(tr("Check"), this)), m_update(new QPushButton(tr("Update…"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_log(new QPlainTextEdit(this)), m_advisories(new QTableWidget(this)),
      m_auditSummary(new QLabel(this)), m_auditButton(new QPushButton(tr("Run npm audit"), this)),
      m_patch(new QPushButton(tr("Patch now…"), this))
{
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Project"), this));
    m_dir->setObjectName(QStringLiteral("projectDir"));
    m_dir->setPlaceholderText(tr("the product's npm project checkout (with package.json and package-lock.json)"));
    top->addWidget(m_dir, 1);
    auto *browse = new QPushButton(tr("Browse…"), this);
    top->addWidget(browse);
    m_check->setObjectName(QStringLiteral("checkOutdated"));
    m_check->setToolTip(tr("npm outdated in the project folder"));
    addHeaderWidget(m_check);
    contentLayout()->addLayout(top);

    m_chip = statusChip();
    m_summary->setTextFormat(Qt::PlainText);
    contentLayout()->addWidget(m_summary);

    m_table->setObjectName(QStringLiteral("outdatedTable"));
    m_table->setColumnCount(ColCount);
    m_table->setHorizontalHeaderLabels({tr("Package"), tr("Current"), tr("Wanted"), tr("Latest"), tr("Change"), tr("Risk"), tr("Type")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ColPackage, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);

    auto *updateBox = new QGroupBox(tr("Update in a separate worktree (your checkout is not touched)"), this);
    auto *updateLayout = new QVBoxLayout(updateBox);
    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Up to"), updateBox));
    m_risk->setObjectName(QStringLiteral("updateRisk"));
    m_risk->addItem(tr("low risk: patches (same major.minor)"), int(UpdateRisk::Low));
    m_risk->addItem(tr("medium risk: minors (same major)"), int(UpdateRisk::Medium));
    m_risk->addItem(tr("high risk: latest"), int(UpdateRisk::High));
    controls->addWidget(m_risk);
    controls->addWidget(new QLabel(tr("Branch"), updateBox));
    m_branch->setObjectName(QStringLiteral("updateBranch"));
    m_branch->setText(QStringLiteral("deps/monthly-updates"));
    m_branch->setMinimumWidth(m_branch->fontMetrics().horizontalAdvance(QStringLiteral("deps/monthly-updates")) + 24);
    m_branch->setMaximumWidth(320);
    controls->addWidget(m_branch);
    m_pullRequest->setObjectName(QStringLiteral("updatePullRequest"));
    m_pullRequest->setChecked(true);
    controls->addWidget(m_pullRequest);
    controls->addStretch();
    m_update->setObjectName(QStringLiteral("startUpdate"));
    m_cancel->setObjectName(QStringLiteral("cancelUpdate"));
    m_cancel->setEnabled(false);
    controls->addWidget(m_update);
    controls->addWidget(m_cancel);
    updateLayout->addLayout(controls);
    m_log->setObjectName(QStringLiteral("updateLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("npm's and git's output appears here while an update runs."));
    updateLayout->addWidget(m_log, 1);

    auto *security = new QWidget(this);
    auto *securityLayout = new QVBoxLayout(security);
    securityLayout->setContentsMargins(0, 0, 0, 0);
    auto *securityBar = new QHBoxLayout;
    m_auditButton->setObjectName(QStringLiteral("runAudit"));
    m_patch->setObjectName(QStringLiteral("patchAdvisory"));
    m_patch->setToolTip(tr("Take the advisory's package to its first patched version on branch security/<id>: checks, "
                           "commit, push, pull request"));
    m_patch->setEnabled(false);
    m_auditSummary->setTextFormat(Qt::PlainText);
    m_auditSummary->setWordWrap(true);
    securityBar->addWidget(m_auditButton);
    securityBar->addWidget(m_patch);
    securityBar->addWidget(m_auditSummary, 1);
    securityLayout->addLayout(securityBar);
    m_advisories->setObjectName(QStringLiteral("advisoryTable"));
    m_advisories->setColumnCount(6);
    m_advisories->setHorizontalHeaderLabels({tr("Advisory"), tr("Package"), tr("Severity"), tr("Vulnerable"), tr("Fix"), tr("Title")});
    m_advisories->verticalHeader()->hide();
    m_advisories->horizontalHeader()->setStretchLastSection(true);
    m_advisories->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_advisories->setSelectionMode(QAbstractItemView::SingleSelection);
    m_advisories->setEditTriggers(QAbstractItemView::NoEditTriggers);
    securityLayout->addWidget(m_advisories, 1);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("depsTabs"));
    tabs->addTab(m_table, tr("Outdated"));
    tabs->addTab(security, tr("Security"));

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(tabs);
    split->addWidget(updateBox);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);
    contentLayout()->addWidget(split, 1);

    connect(browse, &QPushButton::clicked, this, &DependenciesPage::browse);
    connect(m_check, &QPushButton::clicked, this, [this] { setProjectDir(m_dir->text().trimmed()); });
    connect(m_dir, &QLineEdit::returnPressed, this, [this] { setProjectDir(m_dir->text().trimmed()); });
    connect(m_update, &QPushButton::clicked, this, &DependenciesPage::startUpdate);
    connect(m_cancel, &QPushButton::clicked, this, &DependenciesPage::cancelUpdate);
    connect(m_auditButton, &QPushButton::clicked, this, &DependenciesPage::runAudit);
    connect(m_patch, &QPushButton::clicked, this, [this] { patchAdvisory(m_advisories->currentRow()); });
    connect(m_advisories, &QTableWidget::itemSelectionChanged, this,
            [this] { m_patch->setEnabled(!m_updating && m_advisories->currentRow() >= 0); });
    connect(&m_session, &Session::profileChanged, this, [this] {
        if (m_dir->text().trimmed() != m_session.profile().projectDir)
            refresh();
    });
    refresh();
}

void DependenciesPage::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("The product's npm project"), m_dir->text());
    if (!dir.isEmpty())
        setProjectDir(dir);
}

void DependenciesPage::setProjectDir(const QString &dir)
{
    Profile profile = m_session.profile();
    if (!profile.name.isEmpty() && profile.projectDir != dir) {
        profile.projectDir = dir;
        if (!profile.demo)
            m_session.profiles().save(profile);
        m_session.setProfile(profile);  // refreshes through profileChanged
        if (m_dir->text().trimmed() == dir && isReady())
            return;
    }
    m_dir->setText(dir);
    refresh();
}

void DependenciesPage::refresh()
{
    const QString dir = m_session.profile().projectDir.isEmpty() ? m_dir->text().trimmed() : m_session.profile().projectDir;
    m_dir->setText(dir);
    if (dir.isEmpty()) {
        m_rows.clear();
        m_table->setRowCount(0);
        m_chip->setStatus(Tone::Muted, tr("No project"));
        m_summary->setText(QString());
        m_update->setEnabled(false);
        messageBar()->showMessage(tr("Choose the product's npm project checkout: the folder with package.json and "
                                     "package-lock.json (a git checkout, for updates)."),
                                  MessageBar::Severity::Info);
        setReady(true);
        return;
    }
    setReady(false);
    m_chip->setStatus(Tone::Muted, tr("Checking…"));
    m_check->setEnabled(false);
    QObject *load = m_load.renew();
    m_deps.outdated(dir, load)->onFinished(load, [this](const Result<QList<OutdatedPackage>> &rows) {
        m_check->setEnabled(true);
        if (!rows) {
            m_rows.clear();
            m_table->setRowCount(0);
            m_chip->setStatus(Tone::Bad, tr("Not checked"));
            m_summary->setText(QString());
            m_update->setEnabled(false);
            messageBar()->showMessage(rows.error().message, MessageBar::Severity::Error);
        } else {
            messageBar()->clear();
            showOutdated(rows.value());
            runAudit();
        }
        setReady(true);
    });
}

void DependenciesPage::showOutdated(const QList<OutdatedPackage> &rows)
{
    m_rows = rows;
    m_table->setSortingEnabled(false);
    m_table->setRowCount(int(rows.size()));
    int counts[3] = {0, 0, 0};
    for (int r = 0; r < rows.size(); ++r) {
        const OutdatedPackage &p = rows[r];
        ++counts[int(p.risk)];
        const QStringList cells{p.name, p.current.isEmpty() ? tr("not installed") : p.current, p.wanted, p.latest, p.updateType,
                                riskName(p.risk), p.dependencyType};
        for (int c = 0; c < ColCount; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c == ColRisk) {
                item->setForeground(StatusChip::color(toneOf(p.risk)));
                QFont f = item->font();
                f.setBold(p.risk == UpdateRisk::High);
                item->setFont(f);
            }
            m_table->setItem(r, c, item);
        }
    }
    m_table->setSortingEnabled(true);
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setSectionResizeMode(ColPackage, QHeaderView::Stretch);
    if (rows.isEmpty()) {
        m_chip->setStatus(Tone::Good, tr("Up to date"));
        markUpdated();
        m_summary->setText(tr("Every dependency is at its latest version."));
    } else {
        m_chip->setStatus(counts[int(UpdateRisk::High)] > 0 ? Tone::Bad : Tone::Warning, tr("%1 outdated").arg(rows.size()));
        markUpdated();
        m_summary->setText(tr("%1 high, %2 medium, %3 low risk. Patch = low, minor = medium, major = high (below 1.0.0 a "
                              "minor change is high).")
                               .arg(counts[int(UpdateRisk::High)])
                               .arg(counts[int(UpdateRisk::Medium)])
                               .arg(counts[int(UpdateRisk::Low)]));
    }
    m_update->setEnabled(!m_updating && !rows.isEmpty());
}

QString DependenciesPage::planText(UpdateRisk level) const
{
    QStringList packages;
    for (const OutdatedPackage &p : m_rows)
        if (!p.current.isEmpty())
            packages << (p.risk <= level ? QStringLiteral("%1 %2 → %3").arg(p.name, p.current, p.latest)
                                         : QStringLiteral("%1 %2 → the newest %3-risk version, if any").arg(p.name, p.current, riskName(level)));
    QString text = tr("In a new worktree of %1 on branch %2 (your checkout is not touched):\n\n"
                      "1. npm ci, then each package to the newest version up to %3 risk:\n    %4\n"
                      "2. the project's checks that exist: type-check, test, build\n")
                       .arg(m_dir->text(), m_branch->text().trimmed(), riskName(level), packages.join(QStringLiteral("\n    ")));
    text += m_pullRequest->isChecked()
                ? tr("3. only if every check passes: commit package.json and package-lock.json, push the branch to origin "
                     "(replacing it there) and open the pull request \"chore: monthly dependency updates\".\n")
                : tr("3. nothing is committed: the worktree is removed after the checks.\n");
    return text;
}

bool DependenciesPage::startUpdate()
{
    if (m_updating || m_dir->text().trimmed().isEmpty())
        return false;
    const auto level = static_cast<UpdateRisk>(m_risk->currentData().toInt());
    if (MessageBox::question(this, tr("Update dependencies"), planText(level), QMessageBox::Yes | QMessageBox::Cancel,
                             QMessageBox::Cancel)
        != QMessageBox::Yes)
        return false;
    DepsUpdateRequest request;
    request.dir = m_dir->text().trimmed();
    request.level = level;
    request.branch = m_branch->text().trimmed();
    request.pullRequest = m_pullRequest->isChecked();
    request.commit = request.pullRequest;
    request.via = QStringLiteral("gui");
    QPointer<QPlainTextEdit> log(m_log);
    request.onOutput = [log](const QString &phase, const QString &line) {
        if (log)
            log->appendPlainText(QStringLiteral("[%1] %2").arg(phase, line));
    };
    startRun(tr("Updating up to %1 risk…").arg(riskName(level)),
             [this, request](QObject *owner) mutable { return m_deps.update(std::move(request), owner); });
    return true;
}

void DependenciesPage::startRun(const QString &what, std::function<Job<DepsUpdateReport> *(QObject *owner)> start)
{
    m_log->clear();
    m_report.reset();
    setUpdating(true);
    messageBar()->showMessage(what, MessageBar::Severity::Info);
    QObject *run = m_run.renew();
    start(run)->onFinished(run, [this](const Result<DepsUpdateReport> &r) { updateFinished(r); });
}

void DependenciesPage::runAudit()
{
    const QString dir = m_dir->text().trimmed();
    if (dir.isEmpty())
        return;
    m_auditButton->setEnabled(false);
    m_auditSummary->setText(tr("Running npm audit…"));
    QObject *load = m_auditLoad.renew();
    m_deps.audit(dir, {}, load)->onFinished(load, [this](const Result<DepsAuditResult> &r) {
        m_auditButton->setEnabled(true);
        if (!r) {
            // Said on the Security tab: the outdated list above is still right.
            m_auditSummary->setText(tr("npm audit could not run: %1").arg(r.error().message));
            return;
        }
        showAudit(r.value());
    });
}

void DependenciesPage::showAudit(const DepsAuditResult &audit)
{
    m_audit = audit;
    const AuditReport &npm = audit.npm;
    m_advisories->setRowCount(int(npm.advisories.size()));
    for (int r = 0; r < npm.advisories.size(); ++r) {
        const AuditAdvisory &a = npm.advisories[r];
        const QStringList cells{a.id, a.package, a.severity, a.vulnerableRange, a.fixAvailable ? tr("available") : tr("none yet"), a.title};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c == 2) {
                const int rank = severityRank(a.severity);
                item->setForeground(StatusChip::color(rank >= 3 ? Tone::Bad : rank == 2 ? Tone::Warning : Tone::Muted));
            }
            if (c == 5)
                item->setToolTip(a.url);
            m_advisories->setItem(r, c, item);
        }
    }
    m_advisories->resizeColumnsToContents();
    QStringList parts;
    parts << tr("npm audit: %1 critical, %2 high, %3 moderate, %4 low")
                 .arg(npm.bySeverity.value(QStringLiteral("critical")))
                 .arg(npm.bySeverity.value(QStringLiteral("high")))
                 .arg(npm.bySeverity.value(QStringLiteral("moderate")))
                 .arg(npm.bySeverity.value(QStringLiteral("low")));
    if (!audit.fixDryRun.isEmpty()) {
        QStringList changes;
        for (const AuditFixChange &c : audit.fixDryRun)
            changes << QStringLiteral("%1 %2 → %3").arg(c.package, c.from.isEmpty() ? tr("(new)") : c.from,
                                                         c.to.isEmpty() ? tr("(removed)") : c.to);
        parts << tr("npm audit fix would change %1").arg(changes.join(QStringLiteral(", ")));
    }
    parts << (audit.dependabot ? tr("Dependabot: %n open alert(s)", nullptr, audit.dependabot->open)
                               : tr("Dependabot: not known (%1)").arg(audit.dependabotError));
    m_auditSummary->setText(parts.join(QStringLiteral(" · ")));
}

bool DependenciesPage::patchAdvisory(int row)
{
    if (m_updating || !m_audit || row < 0 || row >= m_audit->npm.advisories.size())
        return false;
    const AuditAdvisory advisory = m_audit->npm.advisories.at(row);
    const QString text = tr("Patch %1 (%2, %3) in a new worktree of %4 (your checkout is not touched):\n\n"
                            "1. npm ci, then %2 to its first published version outside \"%5\"\n"
                            "2. the project's checks that exist: type-check, test, build\n"
                            "3. only if every check passes: commit \"security: patch %1\" on branch security/%1, push it "
                            "and open the pull request.")
                             .arg(advisory.id, advisory.package, advisory.severity, m_dir->text(), advisory.vulnerableRange);
    if (MessageBox::question(this, tr("Patch now"), text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return false;
    QPointer<QPlainTextEdit> log(m_log);
    const auto output = [log](const QString &phase, const QString &line) {
        if (log)
            log->appendPlainText(QStringLiteral("[%1] %2").arg(phase, line));
    };
    const QString dir = m_dir->text().trimmed();
    startRun(tr("Patching %1…").arg(advisory.id), [this, dir, advisory, output](QObject *owner) {
        return m_deps.patch(dir, advisory, true, {}, QStringLiteral("gui"), output, owner);
    });
    return true;
}

void DependenciesPage::cancelUpdate()
{
    if (!m_updating)
        return;
    m_cancel->setEnabled(false);
    m_log->appendPlainText(tr("Cancelling: stopping npm and removing the worktree…"));
    for (JobBase *job : m_run.context()->findChildren<JobBase *>(QString(), Qt::FindDirectChildrenOnly))
        job->cancel();
}

void DependenciesPage::updateFinished(const Result<DepsUpdateReport> &r)
{
    setUpdating(false);
    if (!r) {
        messageBar()->showMessage(r.error().kind == ErrorKind::Cancelled ? tr("The update was cancelled; the worktree was removed.")
                                                                         : r.error().message,
                                  r.error().kind == ErrorKind::Cancelled ? MessageBar::Severity::Info : MessageBar::Severity::Error);
        return;
    }
    m_report = r.value();
    QString text = m_report->summary;
    if (!m_report->checksPassed && !m_report->checks.isEmpty()) {
        QStringList tail = m_report->checks.last().tail;
        tail.removeAll(QString());
        text += QLatin1Char('\n') + tail.mid(std::max<qsizetype>(0, tail.size() - 6)).join(QLatin1Char('\n'));
    }
    messageBar()->showMessage(text, m_report->checksPassed ? MessageBar::Severity::Success : MessageBar::Severity::Error);
}

void DependenciesPage::setUpdating(bool updating)
{
    m_updating = updating;
    m_update->setEnabled(!updating && !m_rows.isEmpty());
    m_cancel->setEnabled(updating);
    m_check->setEnabled(!updating);
    m_risk->setEnabled(!updating);
    m_branch->setEnabled(!updating);
    m_pullRequest->setEnabled(!updating);
    m_patch->setEnabled(!updating && m_advisories->currentRow() >= 0);
}

} // namespace opsdeck
