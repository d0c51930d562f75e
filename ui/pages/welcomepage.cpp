#include "pages/welcomepage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace opsdeck {

WelcomePage::WelcomePage(QWidget *parent)
    : Page(QStringLiteral("welcome"), tr("Welcome to OpsDeck"), parent)
{
    auto *text = new QLabel(tr("OpsDeck turns the maintenance runbook into a console: the morning checklist runs its "
                               "checks and shows the evidence, cost charts show what OpenAI and Anthropic cost, and a bad "
                               "deployment is rolled back with a button.\n\n"
                               "Try it first against a simulated production on this machine (nothing leaves it), or "
                               "create a profile for your own environment. Credentials are kept in the system keychain, "
                               "never in files."),
                            this);
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    text->setMaximumWidth(720);
    contentLayout()->addWidget(text);
    auto *buttons = new QHBoxLayout;
    auto *demo = new QPushButton(tr("Try the demo"), this);
    demo->setObjectName(QStringLiteral("tryDemo"));
    demo->setDefault(true);
    auto *create = new QPushButton(tr("Create a profile"), this);
    create->setObjectName(QStringLiteral("createProfile"));
    buttons->addWidget(demo);
    buttons->addWidget(create);
    buttons->addStretch();
    contentLayout()->addSpacing(16);
    contentLayout()->addLayout(buttons);
    contentLayout()->addStretch();
    connect(demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    connect(create, &QPushButton::clicked, this, &WelcomePage::createProfileRequested);
}

} // namespace opsdeck
