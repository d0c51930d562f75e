#pragma once

#include "costs/whatif.h"

#include <QDateTime>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace opsdeck {

class Clock;
class CostPriceModel;

// The what-if tab: moving a share of one model's tokens (the last 30 days of usage) to another
// model, priced with the price table being edited, as a monthly saving or extra cost.
class WhatIfPanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WhatIfPanel)
public:
    // prices and clock outlive the panel; the clock dates the usage.
    WhatIfPanel(const CostPriceModel &prices, const Clock &clock, QWidget *parent = nullptr);
    ~WhatIfPanel() override;

    // New usage: the models are offered most expensive first, the choice kept where possible.
    void setUsage(const UsagePeriod &usage, const QDateTime &fetchedAt);
    bool hasUsage() const { return m_usage.days() > 0; }
    // A failed usage fetch: the stored usage stays, with the failure as a note; without usage
    // the failure is all the panel says.
    void usageFailed(const QString &message);
    // Computes the what-if again (after a price or usage change); note is appended to the result.
    void recompute(const QString &note = {});
    QString text() const;

private:
    const CostPriceModel &m_prices;
    const Clock &m_clock;
    UsagePeriod m_usage;
    QDateTime m_usageFetchedAt;
    QComboBox *m_fromModel = nullptr;
    QComboBox *m_toModel = nullptr;
    QDoubleSpinBox *m_share = nullptr;
    QLabel *m_result = nullptr;
};

} // namespace opsdeck
