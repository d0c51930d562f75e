#pragma once

#include "logsseries.h"

#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace opsdeck {

// The Logs page's summary cards: requests, error rate, P50/P95/P99, 401/403, each with the change
// against last week's analysis.
class LogsCards : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsCards)
public:
    explicit LogsCards(QWidget *parent = nullptr);

    void setCards(const QList<LogsSeries::Card> &cards);
    void clear();
    QString value(const QString &id) const;
    QString delta(const QString &id) const;

private:
    struct Card {
        QLabel *value = nullptr;
        QLabel *delta = nullptr;
    };
    Card cardFor(const QString &id, const QString &title);

    QHBoxLayout *m_layout;
    QHash<QString, Card> m_cards;
};

} // namespace opsdeck
