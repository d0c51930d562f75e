#include "widgets/statuschip.h"

#include <QColor>

namespace opsdeck {

StatusChip::StatusChip(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    setStatus(Tone::Muted, QString());
}

QColor StatusChip::color(Tone tone)
{
    switch (tone) {
    case Tone::Good: return QColor(0x1a, 0x7f, 0x37);
    case Tone::Warning: return QColor(0x9a, 0x67, 0x00);
    case Tone::Bad: return QColor(0xcf, 0x22, 0x2e);
    case Tone::Muted: return QColor(0x6e, 0x77, 0x81);
    case Tone::Neutral: break;
    }
    return QColor(0x1f, 0x6f, 0xeb);
}

void StatusChip::setStatus(Tone tone, const QString &text)
{
    m_tone = tone;
    setText(text);
    setVisible(!text.isEmpty());
    setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: 9px; padding: 2px 10px; "
                                 "font-weight: bold; }")
                      .arg(color(tone).name()));
}

} // namespace opsdeck
