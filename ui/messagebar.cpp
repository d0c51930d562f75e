#include "messagebar.h"

#include "theme.h"

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
    // Light backgrounds with their own dark text, in both themes: the text colour is set on the label
    // and the close button too, which would otherwise take the (light, in dark mode) palette text.
    Tone tone = Tone::Neutral;
    switch (severity) {
    case Severity::Info: tone = Tone::Neutral; break;
    case Severity::Success: tone = Tone::Good; break;
    case Severity::Warning: tone = Tone::Warning; break;
    case Severity::Error: tone = Tone::Bad; break;
    }
    const MessageColors c = messageColors(tone);
    setStyleSheet(QStringLiteral("#messageBar{border-radius:6px;background:%1;color:%2;border:1px solid %3;}"
                                 " #messageBar QLabel, #messageBar QToolButton{border:none;background:transparent;color:%2;}")
                      .arg(c.background.name(), c.text.name(), c.border.name()));
    show();
}

void MessageBar::clear()
{
    m_label->clear();
    hide();
}

QString MessageBar::text() const { return m_label->text(); }

} // namespace opsdeck
