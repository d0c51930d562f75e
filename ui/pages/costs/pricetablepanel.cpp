#include "pages/costs/pricetablepanel.h"

#include "costpricemodel.h"
#include "costs/costservice.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace opsdeck {

PriceTablePanel::PriceTablePanel(CostPriceModel &prices, CostService &service, QWidget *parent)
    : QWidget(parent), m_prices(prices), m_service(service)
{
    auto *col = new QVBoxLayout(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("priceTable"));
    m_view->setModel(&m_prices);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    col->addWidget(m_view);
    auto *row = new QHBoxLayout;
    m_info = new QLabel(this);
    m_info->setTextFormat(Qt::PlainText);
    auto *saveButton = new QPushButton(tr("Save as my table"), this);
    saveButton->setObjectName(QStringLiteral("savePrices"));
    auto *resetButton = new QPushButton(tr("Restore the built-in table"), this);
    auto *add = new QPushButton(tr("Add model"), this);
    auto *remove = new QPushButton(tr("Remove model"), this);
    row->addWidget(m_info, 1);
    for (QPushButton *b : {add, remove, saveButton, resetButton})
        row->addWidget(b);
    col->addLayout(row);
    connect(add, &QPushButton::clicked, this, [this] {
        const int r = m_prices.addModel(QStringLiteral("openai"), tr("new-model"));
        m_view->scrollToBottom();
        m_view->edit(m_prices.index(r, CostPriceModel::Model));
    });
    connect(remove, &QPushButton::clicked, this, [this] { m_prices.removeModel(m_view->currentIndex().row()); });
    connect(&m_prices, &QAbstractItemModel::dataChanged, this, &PriceTablePanel::showInfo);
    connect(&m_prices, &CostPriceModel::modifiedChanged, this, &PriceTablePanel::showInfo);
    connect(saveButton, &QPushButton::clicked, this, &PriceTablePanel::save);
    connect(resetButton, &QPushButton::clicked, this, &PriceTablePanel::reset);
    showInfo();
}

PriceTablePanel::~PriceTablePanel() = default;

void PriceTablePanel::showInfo()
{
    const PriceTable t = m_prices.table();
    m_info->setText((t.isUserTable() ? tr("Your table") : tr("Built-in table")) + tr(", USD per 1M tokens, as of %1")
                        .arg(t.asOf().toString(Qt::ISODate)) + (m_prices.isModified() ? tr(" (edited, not saved)") : QString()));
    Q_EMIT pricesChanged();
}

void PriceTablePanel::save()
{
    PriceTable t = m_prices.table();
    if (Status s = m_service.savePriceTable(t); !s) {
        Q_EMIT message(s.error().toString(), MessageBar::Severity::Error);
        return;
    }
    t.setUserTable(true);
    m_prices.setTable(t);
    Q_EMIT message(tr("Price table saved."), MessageBar::Severity::Success);
}

void PriceTablePanel::reset()
{
    if (Status s = m_service.resetPriceTable(); !s) {
        Q_EMIT message(s.error().toString(), MessageBar::Severity::Error);
        return;  // the user's table is still there: it stays in use
    }
    m_prices.setTable(PriceTable::builtIn());
    showInfo();
}

} // namespace opsdeck
