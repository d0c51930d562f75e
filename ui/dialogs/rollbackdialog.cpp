#include "dialogs/rollbackdialog.h"

#include "theme.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace opsdeck {

namespace {

QLabel *plainLabel(QWidget *parent, const QString &objectName = {})
{
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);  // everything shown here came from an API
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (!objectName.isEmpty())
        l->setObjectName(objectName);
    return l;
}

QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

QString deploymentText(const PlanDeployment &d, const QDateTime &now)
{
    // What a person recognises first: the commit message and how old it is; then the identifiers.
    const QString sha = d.commitSha.isEmpty() ? RollbackDialog::tr("no commit") : d.commitSha.left(7);
    const QString message = d.commitMessage.section(QLatin1Char('\n'), 0, 0);
    return RollbackDialog::tr("%1\n%2 ago (%3) by %4\n%5 · %6\n%7")
        .arg(message.isEmpty() ? RollbackDialog::tr("(no commit message)") : message,
             formatAge(d.createdAt.isValid() ? d.createdAt.msecsTo(now) : 0), when(d.createdAt), d.creator, sha, d.id, d.url);
}

} // namespace

RollbackDialog::RollbackDialog(RollbackService &service, RollbackRequest request, QWidget *parent)
    : TypedConfirmDialog(parent), m_service(service), m_request(std::move(request)),
      m_title(plainLabel(this, QStringLiteral("title"))), m_current(plainLabel(this, QStringLiteral("currentDeployment"))),
      m_target(plainLabel(this, QStringLiteral("targetDeployment"))), m_domains(plainLabel(this, QStringLiteral("domains"))),
      m_commitsTitle(plainLabel(this)), m_commits(new QListWidget(this)), m_note(plainLabel(this, QStringLiteral("staleNote"))),
      m_reason(new QLineEdit(this)), m_progress(new QProgressBar(this)), m_log(new QListWidget(this)),
      m_outcome(plainLabel(this, QStringLiteral("outcome"))), m_prepareAgain(new QPushButton(tr("Prepare again"), this))
{
    const bool promote = m_request.kind == RollbackKind::Promote;
    setWindowTitle(promote ? tr("Promote to production") : tr("Roll back production"));
    setActionText(promote ? tr("Promote to production") : tr("Roll back production"));
    setMinimumWidth(720);
    resize(780, 680);
    actionButton()->setStyleSheet(QStringLiteral("QPushButton:enabled{background:%1;color:white;border:1px solid %2;"
                                                 "border-radius:4px;padding:5px 10px;}")
                                      .arg(toneColor(Tone::Bad).name(), toneColor(Tone::Bad).darker(125).name()));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    contentLayout()->addWidget(m_title);

    for (QLabel *side : {m_current, m_target})
        side->setWordWrap(false);  // explicit lines; wrapping would clip them in the group box
    auto *sides = new QHBoxLayout;
    auto *now = new QGroupBox(tr("Production now"), this);
    (new QVBoxLayout(now))->addWidget(m_current);
    auto *to = new QGroupBox(promote ? tr("Promoted to production") : tr("Rolls back to"), this);
    (new QVBoxLayout(to))->addWidget(m_target);
    auto *arrow = new QLabel(QStringLiteral("→"), this);
    arrow->setObjectName(QStringLiteral("rollbackArrow"));
    QFont arrowFont = arrow->font();
    arrowFont.setPointSizeF(arrowFont.pointSizeF() * 2.2);
    arrowFont.setBold(true);
    arrow->setFont(arrowFont);
    arrow->setForegroundRole(QPalette::PlaceholderText);
    sides->addWidget(now, 1);
    sides->addWidget(arrow, 0, Qt::AlignVCenter);
    sides->addWidget(to, 1);
    contentLayout()->addLayout(sides);
    contentLayout()->addWidget(m_domains);
    contentLayout()->addWidget(m_commitsTitle);
    m_commits->setObjectName(QStringLiteral("commitsBetween"));
    m_commits->setMaximumHeight(120);
    contentLayout()->addWidget(m_commits);
    const MessageColors note = messageColors(Tone::Warning);
    m_note->setStyleSheet(QStringLiteral("QLabel{background:%1;color:%2;border:1px solid %3;border-radius:4px;padding:6px;}")
                              .arg(note.background.name(), note.text.name(), note.border.name()));
    contentLayout()->addWidget(m_note);
    auto *form = new QFormLayout;
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reason->setPlaceholderText(tr("Why (recorded with Vercel and in the audit trail)"));
    m_reason->setText(m_request.reason);
    form->addRow(tr("Reason:"), m_reason);
    contentLayout()->addLayout(form);

    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_log->setObjectName(QStringLiteral("progressLog"));
    m_log->setMaximumHeight(90);
    contentLayout()->addWidget(m_progress);
    contentLayout()->addWidget(m_log);
    contentLayout()->addWidget(m_outcome);
    m_prepareAgain->setObjectName(QStringLiteral("prepareAgain"));
    m_prepareAgain->setAutoDefault(false);
    m_prepareAgain->hide();
    contentLayout()->addWidget(m_prepareAgain, 0, Qt::AlignLeft);
    contentLayout()->addStretch(1);

    connect(this, &TypedConfirmDialog::confirmed, this, &RollbackDialog::execute);
    connect(m_prepareAgain, &QPushButton::clicked, this, &RollbackDialog::prepare);
    prepare();
}

void RollbackDialog::setStage(Stage stage)
{
    m_stage = stage;
    const bool busy = stage == Stage::Preparing || stage == Stage::Running;
    m_progress->setVisible(busy);
    m_log->setVisible(stage != Stage::Preview && m_log->count() > 0);
    m_reason->setEnabled(stage == Stage::Preview);
    m_prepareAgain->setVisible(stage == Stage::Failed);
    cancelButton()->setEnabled(stage != Stage::Running);
    // Over: the ticked steps and one button. Done after a success, Close after a failure.
    const bool over = stage == Stage::Done || stage == Stage::Failed;
    cancelButton()->setText(stage == Stage::Done ? tr("Done") : over ? tr("Close") : tr("Cancel"));
    actionButton()->setVisible(!over);
    setConfirmationVisible(!over);
    if (stage == Stage::Done)
        cancelButton()->setDefault(true);
    if (stage != Stage::Preview)
        updateActionState();
    Q_EMIT stageChanged(stage);
}

void RollbackDialog::prepare()
{
    m_plan.reset();
    m_sent = false;
    setExpectedText(QString());
    m_outcome->clear();
    m_log->clear();
    m_title->setText(tr("Preparing the plan for %1…").arg(m_request.target));
    setStage(Stage::Preparing);
    m_request.reason = m_reason->text();
    auto *job = m_service.prepare(m_request);
    connect(job, &JobBase::progress, this, &RollbackDialog::addProgress);
    job->onFinished(this, [this](const Result<RollbackPlan> &plan) {
        if (!plan) {
            m_title->setText(tr("No plan"));
            showMessage(plan.error().message, Tone::Bad);
            return setStage(Stage::Failed);
        }
        showPlan(plan.value());
    });
}

void RollbackDialog::showPlan(const RollbackPlan &plan)
{
    m_plan = plan;
    const bool promote = plan.kind == RollbackKind::Promote;
    m_title->setText(promote ? tr("Promote %1 to production of %2").arg(plan.target.id, plan.confirmationPhrase())
                             : tr("Roll back production of %1").arg(plan.confirmationPhrase()));
    m_current->setText(deploymentText(plan.current, plan.preparedAt));
    m_target->setText(deploymentText(plan.target, plan.preparedAt) + QLatin1Char('\n')
                      + tr("Target age: %1").arg(formatAge(plan.targetAgeMs)));
    m_domains->setText(tr("Domains that move: %1")
                           .arg(plan.domains.isEmpty() ? tr("(none listed)") : plan.domains.join(QStringLiteral(", "))));
    m_commits->clear();
    // Newest first, like git log.
    for (auto it = plan.commitsBetween.crbegin(); it != plan.commitsBetween.crend(); ++it)
        m_commits->addItem(QStringLiteral("%1  %2  (%3)").arg(it->sha.left(7), it->message, it->author));
    const qsizetype n = plan.commitsBetween.size();
    QString commits = plan.commitsLeaveProduction
        ? (n == 1 ? tr("1 commit leaves production:") : tr("%1 commits leave production:").arg(n))
        : (n == 1 ? tr("1 commit enters production:") : tr("%1 commits enter production:").arg(n));
    if (!plan.commitsNote.isEmpty())
        commits += QLatin1Char(' ') + plan.commitsNote;
    m_commitsTitle->setText(commits);
    m_commits->setVisible(!plan.commitsBetween.isEmpty());
    QStringList notes{plan.staleNote};
    notes << plan.warnings;
    m_note->setText(notes.join(QLatin1Char('\n')));
    m_log->clear();
    setExpectedText(plan.confirmationPhrase());
    setStage(Stage::Preview);
}

void RollbackDialog::execute()
{
    if (!m_plan || m_stage != Stage::Preview || m_sent)
        return;
    m_sent = true;
    setStage(Stage::Running);
    // The reason is typed next to the confirmation, so it joins the plan now; the plan hash the
    // service checks is the one of exactly what is shown and sent.
    m_plan = m_plan->withReason(m_reason->text());
    auto *job = m_service.execute(*m_plan, m_plan->hash());
    connect(job, &JobBase::progress, this, &RollbackDialog::addProgress);
    job->onFinished(this, [this](const Result<RollbackOutcome> &outcome) { showOutcome(outcome); });
}

void RollbackDialog::showOutcome(const Result<RollbackOutcome> &r)
{
    if (!r) {
        showMessage(r.error().message, Tone::Bad);
        setStage(Stage::Failed);
        Q_EMIT productionRequested();
        return;
    }
    const RollbackOutcome &o = r.value();
    QString text = o.message;
    if (o.healthAfter.checked) {
        QStringList lines;
        for (const HealthResult &h : o.healthAfter.results)
            lines << (h.ok ? tr("Health OK: %1 (HTTP %2, %3 ms)").arg(h.url.toString()).arg(h.httpStatus).arg(h.latencyMs)
                           : tr("Health FAILING: %1 (%2)").arg(h.url.toString(), h.error.isEmpty() ? QString::number(h.httpStatus) : h.error));
        text += QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
    }
    if (!o.auditWarning.isEmpty())
        text += QLatin1Char('\n') + o.auditWarning;
    const bool good = o.status == RollbackStatus::Succeeded && (!o.healthAfter.checked || o.healthAfter.ok);
    const Tone tone = good ? Tone::Good : (o.status == RollbackStatus::Failed ? Tone::Bad : Tone::Warning);
    if (o.status == RollbackStatus::AcceptedUnconfirmed)
        text = tr("ACCEPTED, NOT CONFIRMED") + QLatin1Char('\n') + text;
    showMessage(text, tone);
    setStage(o.status == RollbackStatus::Failed ? Stage::Failed : Stage::Done);
    Q_EMIT productionRequested();
}

void RollbackDialog::showMessage(const QString &text, Tone tone)
{
    m_outcome->setText(text);
    m_outcome->setStyleSheet(
        QStringLiteral("QLabel{color:%1;font-weight:bold;}").arg(toneTextColor(tone, palette()).name()));
}

void RollbackDialog::addProgress(const QString &text)
{
    m_log->addItem(text);
    m_log->setVisible(m_stage != Stage::Preview);
    m_log->scrollToBottom();
}

QString RollbackDialog::outcomeText() const { return m_outcome->text(); }

void RollbackDialog::reject()
{
    if (m_stage == Stage::Running)
        return;  // the alias job is followed to the end; closing would hide the outcome
    if (m_stage == Stage::Preview && m_plan && !m_sent) {
        const Status recorded = m_service.recordCancelled(*m_plan, tr("closed the dialog after the preview"));
        Q_UNUSED(recorded);  // closing is never blocked by the audit trail
    }
    TypedConfirmDialog::reject();
}

} // namespace opsdeck
