#include "dialogs/rotationdialog.h"

#include "messagebar.h"
#include "secrets/credentials.h"
#include "usecases/session.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
// Where a new value of each credential is made (the providers have no API for it).
QString whereToMake(const QString &credential)
{
    if (credential == QLatin1String("github-token"))
        return RotationDialog::tr("Make a new fine-grained token in GitHub: Settings → Developer settings → Personal access "
                                  "tokens.");
    if (credential == QLatin1String("vercel-token"))
        return RotationDialog::tr("Make a new token in Vercel: Account settings → Tokens.");
    if (credential == QLatin1String("openai-admin-key"))
        return RotationDialog::tr("Make a new admin key in the OpenAI dashboard: Organization → Admin keys.");
    if (credential == QLatin1String("openai-api-key"))
        return RotationDialog::tr("Make a new project key in the OpenAI dashboard: the project's API keys.");
    if (credential == QLatin1String("anthropic-admin-key"))
        return RotationDialog::tr("Make a new admin key in the Anthropic Console: Settings → Admin keys.");
    if (credential == QLatin1String("anthropic-api-key"))
        return RotationDialog::tr("Make a new API key in the Anthropic Console: Settings → API keys.");
    return RotationDialog::tr("A random 32-character password is generated and set with ALTER ROLE; nobody types or "
                              "sees it.");
}

QString stepTitle(const QString &step)
{
    if (step == QLatin1String("validate"))
        return RotationDialog::tr("Validate");
    if (step == QLatin1String("store"))
        return RotationDialog::tr("Store");
    if (step == QLatin1String("push"))
        return RotationDialog::tr("Push");
    if (step == QLatin1String("retire"))
        return RotationDialog::tr("Retire");
    return RotationDialog::tr("Audit");
}
} // namespace

RotationDialog::RotationDialog(Session &session, RotationUseCase &rotation, const QString &credential, QWidget *parent)
    : QDialog(parent), m_session(session), m_rotation(rotation), m_credential(credential), m_stack(new QStackedWidget(this)),
      m_bar(new MessageBar(this)), m_repo(new QLineEdit(this)), m_secrets(new QLineEdit(this)), m_plan(new QListWidget(this)),
      m_steps(new QListWidget(this)), m_summary(new QLabel(this))
{
    const auto kind = findCredentialKind(credential);
    const QString label = kind ? kind->label : credential;
    setWindowTitle(tr("Rotate %1").arg(label));
    setMinimumWidth(620);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_bar);
    layout->addWidget(m_stack, 1);

    // 1. The new value and where it goes.
    auto *valuePage = new QWidget(this);
    auto *form = new QFormLayout(valuePage);
    auto *where = new QLabel(whereToMake(credential), valuePage);
    where->setWordWrap(true);
    where->setTextFormat(Qt::PlainText);
    form->addRow(where);
    const bool database = credential == QLatin1String("database-password");
    if (!database) {
        m_value = new QLineEdit(valuePage);
        m_value->setObjectName(QStringLiteral("rotationValue"));
        m_value->setEchoMode(QLineEdit::Password);
        m_value->setPlaceholderText(tr("the new value (never shown, never logged)"));
        auto *row = new QHBoxLayout;
        row->addWidget(m_value, 1);
        if (session.isDemo()) {
            auto *issue = new QPushButton(tr("Make a sandbox key"), valuePage);
            issue->setObjectName(QStringLiteral("issueDemoKey"));
            issue->setToolTip(tr("Demo mode: the sandbox makes a new key, as the provider's console would."));
            connect(issue, &QPushButton::clicked, this, [this] {
                m_value->setText(QString::fromUtf8(m_session.issueDemoKey(m_credential)));
            });
            row->addWidget(issue);
        }
        form->addRow(tr("New value"), row);
    }
    const Profile &p = session.profile();
    m_repo->setObjectName(QStringLiteral("rotationRepo"));
    m_repo->setText(p.githubRepo);
    m_repo->setPlaceholderText(tr("owner/name (empty: push nowhere)"));
    m_secrets->setObjectName(QStringLiteral("rotationSecrets"));
    m_secrets->setText(p.githubSecretsFor(credential, kind ? kind->githubSecrets : QStringList()).join(QLatin1Char(' ')));
    m_secrets->setPlaceholderText(tr("Actions secret names, space separated (empty: none)"));
    form->addRow(tr("GitHub repository"), m_repo);
    form->addRow(tr("Actions secrets"), m_secrets);
    m_stack->addWidget(valuePage);

    // 2. The plan.
    auto *planPage = new QWidget(this);
    auto *planLayout = new QVBoxLayout(planPage);
    auto *planIntro = new QLabel(tr("Nothing has changed yet. Rotate does this, in order, and stops at the first step "
                                    "that fails:"),
                                 planPage);
    planIntro->setWordWrap(true);
    planLayout->addWidget(planIntro);
    m_plan->setObjectName(QStringLiteral("rotationPlan"));
    m_plan->setWordWrap(true);
    planLayout->addWidget(m_plan, 1);
    m_stack->addWidget(planPage);

    // 3. Progress and outcome.
    auto *progressPage = new QWidget(this);
    auto *progressLayout = new QVBoxLayout(progressPage);
    m_steps->setObjectName(QStringLiteral("rotationSteps"));
    m_steps->setWordWrap(true);
    progressLayout->addWidget(m_steps, 1);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    progressLayout->addWidget(m_summary);
    m_stack->addWidget(progressPage);

    auto *buttons = new QHBoxLayout;
    m_back = new QPushButton(tr("Back"), this);
    m_next = new QPushButton(tr("Next"), this);
    m_next->setObjectName(QStringLiteral("rotationNext"));
    m_next->setDefault(true);
    m_close = new QPushButton(tr("Cancel"), this);
    buttons->addStretch();
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);
    m_back->setEnabled(false);
    connect(m_back, &QPushButton::clicked, this, [this] {
        m_stack->setCurrentIndex(0);
        m_back->setEnabled(false);
        m_next->setText(tr("Next"));
        m_bar->clear();
    });
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (stage() == Stage::Value)
            showPlan();
        else if (stage() == Stage::Plan)
            startRotation();
    });
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
}

RotationDialog::Stage RotationDialog::stage() const
{
    return static_cast<Stage>(m_stack->currentIndex());
}

SecretRotationRequest RotationDialog::request() const
{
    SecretRotationRequest r;
    r.credential = m_credential;
    r.generate = m_value == nullptr;
    if (m_value)
        r.newValue = m_value->text().trimmed().toUtf8();
    r.githubRepo = m_repo->text().trimmed();
    r.secretNames = m_secrets->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    r.noPush = r.githubRepo.isEmpty() || r.secretNames.isEmpty();
    r.via = QStringLiteral("gui");
    return r;
}

bool RotationDialog::showPlan()
{
    const Result<SecretRotationPlan> plan = m_rotation.plan(request());
    if (!plan) {
        m_bar->showMessage(plan.error().message, MessageBar::Severity::Warning);
        return false;
    }
    m_bar->clear();
    m_plan->clear();
    int n = 0;
    for (const SecretRotationPlanStep &s : plan->steps)
        m_plan->addItem(QStringLiteral("%1. %2: %3").arg(++n).arg(stepTitle(s.step), s.detail));
    m_stack->setCurrentIndex(int(Stage::Plan));
    m_back->setEnabled(true);
    m_next->setText(tr("Rotate"));
    m_next->setObjectName(QStringLiteral("rotationRotate"));
    return true;
}

void RotationDialog::startRotation()
{
    if (m_running || m_report)
        return;
    SecretRotationRequest r = request();
    // The Actions secrets chosen here become the profile's for this credential.
    Profile profile = m_session.profile();
    const auto kind = findCredentialKind(m_credential);
    if (!profile.name.isEmpty() && kind
        && profile.githubSecretsFor(m_credential, kind->githubSecrets) != r.secretNames) {
        profile.githubSecrets.insert(m_credential, r.secretNames);
        if (!profile.demo)
            m_session.profiles().save(profile);
        m_session.setProfile(profile);
    }
    QPointer<RotationDialog> self(this);
    r.onStep = [self](const SecretRotationStep &s) {
        if (self)
            self->stepEnded(s);
    };
    m_running = true;
    m_steps->clear();
    m_summary->setText(tr("Rotating…"));
    m_stack->setCurrentIndex(int(Stage::Progress));
    m_back->setEnabled(false);
    m_next->setEnabled(false);
    m_close->setText(tr("Close"));
    // Owned by the session, not by this dialog: closing it does not cut the loop midway.
    m_rotation.rotate(std::move(r), &m_session)->onFinished(&m_session, [self](const Result<SecretRotationReport> &report) {
        if (self)
            self->finished(report);
    });
    if (m_value)
        m_value->clear();
}

void RotationDialog::stepEnded(const SecretRotationStep &step)
{
    const QStyle::StandardPixmap icon = !step.ok       ? QStyle::SP_MessageBoxCritical
                                        : step.warning ? QStyle::SP_MessageBoxWarning
                                                       : QStyle::SP_DialogApplyButton;
    auto *item = new QListWidgetItem(style()->standardIcon(icon), QStringLiteral("%1: %2").arg(stepTitle(step.step), step.detail));
    item->setData(Qt::UserRole, step.step);
    item->setData(Qt::UserRole + 1, step.ok);
    m_steps->addItem(item);
}

void RotationDialog::finished(const Result<SecretRotationReport> &report)
{
    m_running = false;
    if (!report) {
        m_summary->setText(report.error().message);
        m_bar->showMessage(report.error().message, MessageBar::Severity::Error);
        Q_EMIT rotationFinished(false);
        return;
    }
    m_report = report.value();
    bool warned = false;
    for (const SecretRotationStep &s : m_report->steps)
        warned = warned || s.warning;
    if (m_report->ok()) {
        m_summary->setText(tr("Rotated. Changed: %1.").arg(m_report->changed));
        m_bar->showMessage(warned ? tr("Rotated, with something left to do by hand (see the warning).") : tr("Rotated."),
                           warned ? MessageBar::Severity::Warning : MessageBar::Severity::Success);
    } else {
        m_summary->setText(tr("Stopped. Changed: %1. Not changed: %2.")
                               .arg(m_report->changed.isEmpty() ? tr("nothing") : m_report->changed, m_report->unchanged));
        m_bar->showMessage(tr("The rotation stopped at a failed step."), MessageBar::Severity::Error);
    }
    Q_EMIT rotationFinished(m_report->ok());
}

} // namespace opsdeck
