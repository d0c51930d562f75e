#include "page.h"

#include "core/humantime.h"
#include "messagebar.h"
#include "widgets/statuschip.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace opsdeck {

Page::Page(const QString &id, const QString &title, QWidget *parent)
    : QWidget(parent), m_id(id), m_title(title)
{
    setObjectName(id + QStringLiteral("Page"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);

    auto *header = new QHBoxLayout;
    header->setSpacing(10);
    auto *heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("pageTitle"));
    heading->setTextFormat(Qt::PlainText);
    QFont f = heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    heading->setFont(f);
    m_chip = new StatusChip(this);
    m_chip->setObjectName(QStringLiteral("pageStatus"));
    m_updated = new QLabel(this);
    m_updated->setObjectName(QStringLiteral("pageUpdated"));
    m_updated->setTextFormat(Qt::PlainText);
    m_updated->setForegroundRole(QPalette::PlaceholderText);
    m_updated->hide();
    m_actions = new QHBoxLayout;
    m_actions->setSpacing(6);
    header->addWidget(heading);
    header->addWidget(m_chip);
    header->addStretch(1);
    header->addWidget(m_updated);
    header->addLayout(m_actions);
    layout->addLayout(header);

    m_messageBar = new MessageBar(this);
    layout->addWidget(m_messageBar);
    m_content = new QVBoxLayout;
    layout->addLayout(m_content, 1);

    auto *ticker = new QTimer(this);
    ticker->setInterval(30'000);
    connect(ticker, &QTimer::timeout, this, &Page::updateAge);
    ticker->start();
}

QIcon Page::icon() const { return QIcon(QStringLiteral(":/icons/pages/%1.svg").arg(m_id)); }

void Page::setReady(bool ready)
{
    const bool changed = ready && !m_ready;
    m_ready = ready;
    if (changed || ready)
        Q_EMIT this->ready();
}

void Page::setStatus(Tone tone, const QString &text) { m_chip->setStatus(tone, text); }

void Page::setBadge(const QString &text, Tone tone)
{
    if (text == m_badge && tone == m_badgeTone)
        return;
    m_badge = text;
    m_badgeTone = tone;
    Q_EMIT badgeChanged();
}

void Page::markUpdated(const QDateTime &at)
{
    m_updatedAt = at;
    updateAge();
}

void Page::updateAge()
{
    m_updated->setVisible(m_updatedAt.isValid());
    if (!m_updatedAt.isValid())
        return;
    m_updated->setText(tr("updated %1").arg(relativeTime(m_updatedAt, QDateTime::currentDateTimeUtc())));
    m_updated->setToolTip(exactTime(m_updatedAt));
}

void Page::addHeaderWidget(QWidget *widget)
{
    widget->setParent(this);
    if (m_refresh)
        m_actions->insertWidget(m_actions->indexOf(m_refresh), widget);
    else
        m_actions->addWidget(widget);
}

QPushButton *Page::addRefreshButton(const QString &text)
{
    if (!m_refresh) {
        m_refresh = new QPushButton(text.isEmpty() ? tr("Refresh") : text, this);
        m_refresh->setObjectName(QStringLiteral("pageRefresh"));
        m_refresh->setToolTip(tr("Read again (F5)"));
        m_actions->addWidget(m_refresh);
        connect(m_refresh, &QPushButton::clicked, this, &Page::refresh);
    }
    return m_refresh;
}

} // namespace opsdeck
