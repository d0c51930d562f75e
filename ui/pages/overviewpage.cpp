#include "pages/overviewpage.h"

#include "core/clock.h"
#include "core/humantime.h"
#include "messagebar.h"
#include "theme.h"
#include "usecases/session.h"

#include <QGridLayout>
#include <QLabel>
#include <QTimer>
#include <QEvent>
#include <QScopedValueRollback>
#include <QVBoxLayout>

namespace opsdeck {

namespace {
constexpr int kRefreshMs = 5 * 60'000;
constexpr int kColumns = 4;

Tone toneOf(OverviewLevel level)
{
    switch (level) {
    case OverviewLevel::Good: return Tone::Good;
    case OverviewLevel::Warning: return Tone::Warning;
    case OverviewLevel::Bad: return Tone::Bad;
    case OverviewLevel::Unknown: break;
    }
    return Tone::Muted;
}

QLabel *plainLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setAttribute(Qt::WA_TransparentForMouseEvents);
    return l;
}
} // namespace

OverviewCardButton::OverviewCardButton(QWidget *parent)
    : QPushButton(parent), m_title(plainLabel(this)), m_value(plainLabel(this)), m_detail(plainLabel(this)), m_footer(plainLabel(this))
{
    setMinimumSize(220, 140);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setCursor(Qt::PointingHandCursor);
    QFont title = m_title->font();
    title.setBold(true);
    m_title->setFont(title);
    QFont value = m_value->font();
    value.setPointSizeF(value.pointSizeF() * 1.6);
    value.setBold(true);
    m_value->setFont(value);
    m_detail->setWordWrap(true);
    m_footer->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(m_title);
    layout->addWidget(m_value);
    layout->addWidget(m_detail, 1);
    layout->addWidget(m_footer);
}

QString OverviewCardButton::valueText() const { return m_value->text(); }
QString OverviewCardButton::footerText() const { return m_footer->text(); }

void OverviewCardButton::changeEvent(QEvent *event)
{
    QPushButton::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_styling)
        setCard(m_card, m_now);
}

void OverviewCardButton::applyStyle()
{
    // A flat card on the view's base colour. Colours by style sheet: a styled parent would override a
    // label's palette.
    setStyleSheet(QStringLiteral("QPushButton { text-align: left; border: 1px solid %1; border-radius: 8px; "
                                 "background: palette(base); } QPushButton:hover, QPushButton:focus "
                                 "{ border: 2px solid palette(highlight); }")
                      .arg(controlBorderColor(palette()).name()));
    m_title->setStyleSheet(QStringLiteral("color: %1;").arg(palette().color(QPalette::PlaceholderText).name()));
    m_detail->setStyleSheet(QStringLiteral("color: %1;").arg(palette().color(QPalette::Text).name()));
}

void OverviewCardButton::setCard(const OverviewCard &card, const QDateTime &now)
{
    const QScopedValueRollback guard(m_styling, true);  // setting style sheets sends palette changes
    m_card = card;
    m_now = now;
    applyStyle();
    setObjectName(QStringLiteral("overviewCard-") + card.id);
    m_title->setText(card.title.toUpper());
    const bool noValue = card.value.isEmpty();
    m_value->setText(noValue ? tr("Unavailable") : card.value);
    const QColor valueColor = noValue                                 ? palette().color(QPalette::PlaceholderText)
                              : card.level == OverviewLevel::Unknown ? palette().color(QPalette::Text)
                                                                     : toneTextColor(toneOf(card.level), palette());
    m_value->setStyleSheet(QStringLiteral("color: %1;").arg(valueColor.name()));
    m_value->setProperty("tone", int(toneOf(card.level)));
    m_detail->setText(noValue && !card.problem.isEmpty() ? card.problem : card.detail);
    QString footer = card.asOf.isValid() ? tr("%1 · %2").arg(card.source, relativeTime(card.asOf, now)) : card.source;
    if (card.stale)
        footer = tr("%1 · stale: %2").arg(footer, card.problem);
    m_footer->setText(footer);
    m_footer->setStyleSheet(QStringLiteral("color: %1;").arg(
        (card.stale ? toneTextColor(Tone::Warning, palette()) : palette().color(QPalette::PlaceholderText)).name()));
    setToolTip(card.asOf.isValid() ? tr("From %1, %2. Click to open the page.").arg(card.source, exactTime(card.asOf))
                                   : tr("Click to open the page."));
    setAccessibleName(card.title + QStringLiteral(": ") + m_value->text());
}

OverviewPage::OverviewPage(Session &session, OverviewUseCase &overview, QWidget *parent)
    : Page(QStringLiteral("overview"), tr("Overview"), parent), m_session(session), m_use(overview), m_timer(new QTimer(this))
{
    addRefreshButton();
    auto *grid = new QGridLayout;
    grid->setSpacing(12);
    const QStringList ids = OverviewUseCase::cardIds();
    for (int i = 0; i < ids.size(); ++i) {
        auto *b = new OverviewCardButton(this);
        OverviewCard placeholder;
        placeholder.id = ids[i];
        placeholder.title = ids[i];
        b->setCard(placeholder, m_session.clock().nowUtc());
        m_cards.insert(ids[i], b);
        grid->addWidget(b, i / kColumns, i % kColumns);
        connect(b, &QPushButton::clicked, this, [this, b] {
            if (!b->card().pageId.isEmpty())
                Q_EMIT openPageRequested(b->card().pageId);
        });
    }
    contentLayout()->addLayout(grid);
    contentLayout()->addStretch(1);
    m_timer->setInterval(kRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &OverviewPage::refresh);
    connect(&m_session, &Session::profileChanged, this, &OverviewPage::refresh);
    refresh();
}

void OverviewPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    m_timer->start();
    if (!m_loading && (!updatedAt().isValid() || updatedAt().secsTo(QDateTime::currentDateTimeUtc()) > 60))
        refresh();
}

void OverviewPage::hideEvent(QHideEvent *event)
{
    Page::hideEvent(event);
    m_timer->stop();
}

void OverviewPage::refresh()
{
    setReady(false);
    m_loading = true;
    QObject *load = m_load.renew();
    m_use.load(load)->onFinished(load, [this](const Result<QList<OverviewCard>> &r) {
        m_loading = false;
        const QDateTime now = m_session.clock().nowUtc();
        int bad = 0, warn = 0, stale = 0;
        for (const OverviewCard &c : r.value()) {
            if (OverviewCardButton *b = m_cards.value(c.id))
                b->setCard(c, now);
            bad += c.level == OverviewLevel::Bad ? 1 : 0;
            warn += c.level == OverviewLevel::Warning ? 1 : 0;
            stale += c.stale || (c.value.isEmpty() && !c.problem.isEmpty()) ? 1 : 0;
        }
        if (bad > 0)
            setStatus(Tone::Bad, bad == 1 ? tr("1 needs attention") : tr("%1 need attention").arg(bad));
        else if (warn > 0)
            setStatus(Tone::Warning, warn == 1 ? tr("1 to watch") : tr("%1 to watch").arg(warn));
        else
            setStatus(Tone::Good, tr("All clear"));
        if (stale > 0)
            messageBar()->showMessage(stale == 1 ? tr("One source could not be read; its card keeps the last good value.")
                                                 : tr("%1 sources could not be read; their cards keep the last good values.").arg(stale),
                                      MessageBar::Severity::Warning);
        else
            messageBar()->clear();
        markUpdated();
        setReady(true);
    });
}

} // namespace opsdeck
