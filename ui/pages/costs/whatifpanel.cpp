#include "pages/costs/whatifpanel.h"

#include "core/clock.h"
#include "costpricemodel.h"
#include "costtablemodel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>

#include <algorithm>

namespace opsdeck {

WhatIfPanel::WhatIfPanel(const CostPriceModel &prices, const Clock &clock, QWidget *parent)
    : QWidget(parent), m_prices(prices), m_clock(clock)
{
    auto *form = new QFormLayout(this);
    m_fromModel = new QComboBox(this);
    m_fromModel->setObjectName(QStringLiteral("whatIfFrom"));
    m_toModel = new QComboBox(this);
    m_toModel->setObjectName(QStringLiteral("whatIfTo"));
    m_share = new QDoubleSpinBox(this);
    m_share->setObjectName(QStringLiteral("whatIfShare"));
    m_share->setRange(0, 100);
    m_share->setDecimals(0);
    m_share->setSuffix(QStringLiteral(" %"));
    m_share->setValue(50);
    m_result = new QLabel(this);
    m_result->setTextFormat(Qt::PlainText);  // model names come from provider APIs
    m_result->setObjectName(QStringLiteral("whatIfResult"));
    m_result->setWordWrap(true);
    form->addRow(tr("Move the tokens of"), m_fromModel);
    form->addRow(tr("to"), m_toModel);
    form->addRow(tr("Share"), m_share);
    form->addRow(m_result);
    connect(m_fromModel, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    connect(m_toModel, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    connect(m_share, &QDoubleSpinBox::valueChanged, this, [this] { recompute(); });
    recompute();
}

WhatIfPanel::~WhatIfPanel() = default;

void WhatIfPanel::setUsage(const UsagePeriod &usage, const QDateTime &fetchedAt)
{
    m_usage = usage;
    m_usageFetchedAt = fetchedAt;
    const QString from = m_fromModel->currentText();
    const QString to = m_toModel->currentText();
    QSignalBlocker b1(m_fromModel), b2(m_toModel);
    m_fromModel->clear();
    m_toModel->clear();
    QList<ModelUsage> byCost = m_usage.models;
    const PriceTable prices = m_prices.table();
    const auto cost = [&prices](const ModelUsage &u) {
        const ModelPrice *p = prices.find(u.model);
        return p ? priceUsage(u, *p) : 0.0;
    };
    // The most expensive model first: where a move saves the most.
    std::sort(byCost.begin(), byCost.end(), [&cost](const ModelUsage &a, const ModelUsage &b) { return cost(a) > cost(b); });
    for (const ModelUsage &u : byCost)
        m_fromModel->addItem(u.model);
    for (const ModelPrice &p : prices.prices())
        m_toModel->addItem(p.model);
    m_fromModel->setCurrentIndex(std::max(0, int(m_fromModel->findText(from))));
    // A cheaper sibling as the first suggestion.
    int target = m_toModel->findText(to);
    for (const QString &c : QStringList{m_fromModel->currentText() + QStringLiteral("-mini"), QStringLiteral("claude-haiku-4-5"),
                             QStringLiteral("gpt-5.4-mini")}) {
        if (target < 0 && c != m_fromModel->currentText())
            target = m_toModel->findText(c);
    }
    m_toModel->setCurrentIndex(std::max(0, target));
    recompute();
}

void WhatIfPanel::usageFailed(const QString &message)
{
    if (hasUsage())  // the stored usage stays, with its age
        return recompute(tr("Usage could not be refreshed (%1).").arg(message));
    m_result->setText(tr("Usage could not be read: %1").arg(message));
}

void WhatIfPanel::recompute(const QString &note)
{
    if (!hasUsage()) {
        m_result->setText(tr("The what-if uses the last 30 days of token usage; it appears after a refresh."));
        return;
    }
    const auto r = whatIf(m_usage, m_prices.table(), {m_fromModel->currentText(), m_toModel->currentText(), m_share->value()});
    if (!r) {
        m_result->setText(r.error().message);
        return;
    }
    const QString verdict = r->savingMonthlyUsd >= 0 ? tr("saves %1 a month").arg(CostTableModel::formatUsd(r->savingMonthlyUsd))
                                                     : tr("costs %1 more a month").arg(CostTableModel::formatUsd(-r->savingMonthlyUsd));
    m_result->setText(tr("Moving %1 of %2 (about %3 tokens a month) to %4 %5: %6 instead of %7 at list prices "
                         "(prices as of %8; usage of the last %9 days).")
                          .arg(QString::number(m_share->value(), 'f', 0) + QStringLiteral(" %"), m_fromModel->currentText(),
                               QString::number(static_cast<double>(r->tokensMovedPerMonth) / 1e6, 'f', 1) + QLatin1Char('M'),
                               m_toModel->currentText(), verdict, CostTableModel::formatUsd(r->proposedMonthlyUsd),
                               CostTableModel::formatUsd(r->currentMonthlyUsd),
                               r->fromPriceAsOf.toString(Qt::ISODate) + QStringLiteral(" / ") + r->toPriceAsOf.toString(Qt::ISODate),
                               QString::number(r->periodDays)));
    // Usage read from the store (at start, or after a failed refresh) says how old it is.
    const qint64 ageMinutes = m_usageFetchedAt.isValid() ? m_usageFetchedAt.secsTo(m_clock.nowUtc()) / 60 : 0;
    QString age;
    if (ageMinutes >= 60)
        age = ageMinutes >= 48 * 60 ? tr("Usage fetched %n day(s) ago.", nullptr, int(ageMinutes / 1440))
                                    : tr("Usage fetched %n hour(s) ago.", nullptr, int(ageMinutes / 60));
    const QString extra = QStringList{note, age}.join(QLatin1Char(' ')).trimmed();
    if (!extra.isEmpty())
        m_result->setText(m_result->text() + QLatin1Char(' ') + extra);
}

QString WhatIfPanel::text() const { return m_result->text(); }

} // namespace opsdeck
