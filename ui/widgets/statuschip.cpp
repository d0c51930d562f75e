#include "widgets/statuschip.h"

#include "theme.h"

#include <QColor>

namespace opsdeck {

StatusChip::StatusChip(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    setStatus(Tone::Muted, QString());
}

QColor StatusChip::color(Tone tone) { return toneColor(tone); }

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
