#include "messagebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace opsdeck {

MessageBar::MessageBar(QWidget *parent) : QWidget(parent), m_label(new QLabel(this)), m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBar"));
    setAttribute(Qt::WA_StyledBackground, true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    m_label->setTextFormat(Qt::PlainText);  // provider text is never interpreted as HTML
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setText(QStringLiteral("✕"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss"));
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close);
    connect(m_close, &QToolButton::clicked, this, &MessageBar::clear);
    hide();
}

void MessageBar::showMessage(const QString &text, Severity severity)
{
    m_severity = severity;
    m_label->setText(text);
    const char *colors = "";
    switch (severity) {
    case Severity::Info: colors = "background:#ddeeff;color:#0b3d6b;border:1px solid #9ecbff;"; break;
    case Severity::Success: colors = "background:#dafbe1;color:#0f5323;border:1px solid #7ee2a8;"; break;
    case Severity::Warning: colors = "background:#fff8c5;color:#6b4f00;border:1px solid #e3c05a;"; break;
    case Severity::Error: colors = "background:#ffebe9;color:#82071e;border:1px solid #ff9a9a;"; break;
    }
    setStyleSheet(QStringLiteral("#messageBar{border-radius:6px;") + QString::fromLatin1(colors)
                  + QStringLiteral("} #messageBar QLabel{border:none;background:transparent;}"));
    show();
}

void MessageBar::clear()
{
    m_label->clear();
    hide();
}

QString MessageBar::text() const { return m_label->text(); }

} // namespace opsdeck
