#pragma once

#include "messagebar.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace opsdeck {

class CostPriceModel;
class CostService;

// The price-table tab: the editable table (USD per 1M tokens) with add and remove, saved as the
// user's table or reset to the built-in one through the cost service.
class PriceTablePanel : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PriceTablePanel)
public:
    // prices and service outlive the panel.
    PriceTablePanel(CostPriceModel &prices, CostService &service, QWidget *parent = nullptr);
    ~PriceTablePanel() override;

    void save();   // as the user's table
    void reset();  // to the built-in table

Q_SIGNALS:
    // The prices in use changed (edited, saved or reset).
    void pricesChanged();
    // The outcome of a save or reset, for the page's message bar.
    void message(const QString &text, opsdeck::MessageBar::Severity severity);

private:
    void showInfo();

    CostPriceModel &m_prices;
    CostService &m_service;
    QTableView *m_view = nullptr;
    QLabel *m_info = nullptr;
};

} // namespace opsdeck
