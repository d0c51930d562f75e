#pragma once

#include <Qt>

namespace opsdeck {

// How a cell or a status should read at a glance. Models say it (they link no Gui); the views
// (ToneDelegate, StatusChip, the pages) turn it into the theme's colours (ui/theme.h).
enum class Tone { Neutral, Good, Warning, Bad, Muted };

// Item data role carrying a Tone (as int) in the daily pages' models.
inline constexpr int ToneRole = Qt::UserRole + 64;
// Item data role: true for hashes, ids and addresses, which the views draw in the monospace font.
inline constexpr int MonospaceRole = Qt::UserRole + 65;

} // namespace opsdeck
