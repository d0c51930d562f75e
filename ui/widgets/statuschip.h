#pragma once

#include "tone.h"

#include <QLabel>

namespace opsdeck {

// A rounded, coloured label with a short status ("All up", "4 failed in 24 h"). Plain text only.
class StatusChip : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusChip)
public:
    explicit StatusChip(QWidget *parent = nullptr);

    void setStatus(Tone tone, const QString &text);
    Tone tone() const { return m_tone; }

    // The theme's fill for a tone (background; text on it is white): toneColor() in theme.h.
    static QColor color(Tone tone);

private:
    Tone m_tone = Tone::Neutral;
};

} // namespace opsdeck
