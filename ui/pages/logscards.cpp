#include "pages/logscards.h"

#include "theme.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace opsdeck {

LogsCards::LogsCards(QWidget *parent) : QWidget(parent), m_layout(new QHBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->addStretch();
}

LogsCards::Card LogsCards::cardFor(const QString &id, const QString &title)
{
    if (m_cards.contains(id))
        return m_cards.value(id);
    auto *frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("card_") + id);
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setMinimumWidth(120);
    auto *v = new QVBoxLayout(frame);
    auto *heading = new QLabel(title, frame);
    heading->setTextFormat(Qt::PlainText);
    Card card{new QLabel(frame), new QLabel(frame)};
    QFont big = card.value->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    card.value->setFont(big);
    for (QLabel *l : {card.value, card.delta})
        l->setTextFormat(Qt::PlainText);
    v->addWidget(heading);
    v->addWidget(card.value);
    v->addWidget(card.delta);
    m_layout->insertWidget(m_layout->count() - 1, frame);
    m_cards.insert(id, card);
    return card;
}

void LogsCards::setCards(const QList<LogsSeries::Card> &cards)
{
    for (const LogsSeries::Card &c : cards) {
        const Card card = cardFor(c.id, c.title);
        card.value->setText(c.value);
        card.delta->setText(c.delta);
        card.delta->setStyleSheet(c.worse ? QStringLiteral("color: %1;").arg(toneTextColor(Tone::Bad, palette()).name())
                                          : QStringLiteral("color: palette(mid);"));
    }
}

void LogsCards::clear()
{
    for (const Card &c : std::as_const(m_cards)) {
        c.value->setText(QStringLiteral("–"));
        c.delta->clear();
    }
}

QString LogsCards::value(const QString &id) const { return m_cards.contains(id) ? m_cards.value(id).value->text() : QString(); }
QString LogsCards::delta(const QString &id) const { return m_cards.contains(id) ? m_cards.value(id).delta->text() : QString(); }

} // namespace opsdeck
