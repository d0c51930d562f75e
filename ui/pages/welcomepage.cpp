#include "pages/welcomepage.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
QLabel *plain(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}
} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : Page(QStringLiteral("welcome"), tr("Welcome to OpsDeck"), parent)
{
    // One centred card: the demo first (nothing to set up, nothing leaves the machine), then the three
    // steps of a real setup.
    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("welcomeCard"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);
    card->setMaximumWidth(620);
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(32, 28, 32, 28);
    layout->setSpacing(12);
    auto *heading = plain(tr("Your maintenance runbook, as a console"), card);
    QFont big = heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    heading->setFont(big);
    layout->addWidget(heading);
    layout->addWidget(plain(tr("The morning checklist runs its checks and shows the evidence, the cost charts show what "
                               "OpenAI and Anthropic cost, and a bad deployment is rolled back with a button."),
                            card));
    auto *demo = new QPushButton(tr("Try the demo"), card);
    demo->setObjectName(QStringLiteral("tryDemo"));
    demo->setDefault(true);
    demo->setMinimumHeight(36);
    demo->setStyleSheet(QStringLiteral("QPushButton { background: palette(highlight); color: palette(highlighted-text); "
                                       "border: none; border-radius: 6px; font-weight: bold; padding: 6px 16px; }"));
    layout->addWidget(demo);
    auto *demoNote = plain(tr("A simulated production on this machine: Vercel, GitHub, OpenAI, Anthropic and a "
                              "PostgreSQL database. Nothing leaves it."),
                           card);
    demoNote->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(demoNote);

    auto *rule = new QFrame(card);
    rule->setFrameShape(QFrame::HLine);
    rule->setFrameShadow(QFrame::Plain);
    rule->setForegroundRole(QPalette::Mid);
    layout->addWidget(rule);
    layout->addWidget(plain(tr("Or set up your own environment in three steps:"), card));
    const QStringList steps{
        tr("Profile: the Vercel project, the GitHub repository, the health URL and the database."),
        tr("Credentials: tokens and keys go to the system keychain, never to a file; Test connections checks each "
           "with its provider."),
        tr("First checklist run: the daily checks run and show what needs you.")};
    for (int i = 0; i < steps.size(); ++i) {
        auto *row = new QHBoxLayout;
        auto *number = new QLabel(QString::number(i + 1), card);
        number->setObjectName(QStringLiteral("welcomeStep%1").arg(i + 1));
        number->setAlignment(Qt::AlignCenter);
        number->setFixedSize(24, 24);
        number->setStyleSheet(QStringLiteral("border: 1px solid palette(mid); border-radius: 12px; font-weight: bold;"));
        row->addWidget(number, 0, Qt::AlignTop);
        row->addWidget(plain(steps[i], card), 1);
        layout->addLayout(row);
    }
    auto *create = new QPushButton(tr("Set up a profile"), card);
    create->setObjectName(QStringLiteral("createProfile"));
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(create);
    layout->addLayout(buttons);

    auto *centre = new QHBoxLayout;
    centre->addStretch();
    centre->addWidget(card, 10);
    centre->addStretch();
    contentLayout()->addStretch(1);
    contentLayout()->addLayout(centre);
    contentLayout()->addStretch(2);
    connect(demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    connect(create, &QPushButton::clicked, this, &WelcomePage::createProfileRequested);
}

} // namespace opsdeck
