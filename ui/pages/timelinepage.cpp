#include "pages/timelinepage.h"

#include "core/clock.h"
#include "core/humantime.h"
#include "messagebar.h"
#include "theme.h"
#include "store/storeevents.h"
#include "usecases/session.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSet>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>

namespace opsdeck {

namespace {
enum Col { ColWhen, ColKind, ColWhat, ColWho, ColCount };
constexpr int kEntryRole = Qt::UserRole + 1;  // index into m_timeline.entries

// Rows with room to breathe, as the other pages' tables have.
class RoomyDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        s.setHeight(std::max(s.height() + 12, 30));
        return s;
    }
};
} // namespace

TimelinePage::TimelinePage(Session &session, TimelineUseCase &timeline, QWidget *parent)
    : Page(QStringLiteral("timeline"), tr("Timeline"), parent), m_session(session), m_use(timeline),
      m_range(new QComboBox(this)), m_kind(new QComboBox(this)), m_person(new QComboBox(this)), m_tree(new QTreeWidget(this))
{
    addRefreshButton();
    m_range->setObjectName(QStringLiteral("timelineRange"));
    m_range->addItems({tr("Last 24 hours"), tr("Last 7 days")});
    m_kind->setObjectName(QStringLiteral("timelineKind"));
    m_kind->addItem(tr("All kinds"));
    for (TimelineKind k : TimelineUseCase::kinds())
        m_kind->addItem(TimelineUseCase::kindLabel(k), int(k));
    m_person->setObjectName(QStringLiteral("timelinePerson"));
    m_person->addItem(tr("Everyone"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_range);
    bar->addWidget(m_kind);
    bar->addWidget(m_person);
    bar->addStretch(1);
    contentLayout()->addLayout(bar);

    m_tree->setObjectName(QStringLiteral("timelineTree"));
    m_tree->setColumnCount(ColCount);
    m_tree->setHeaderLabels({tr("When"), tr("Kind"), tr("What"), tr("Who")});
    m_tree->setRootIsDecorated(false);
    m_tree->setItemDelegate(new RoomyDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(ColWhat, QHeaderView::Stretch);
    m_tree->setColumnWidth(ColWhen, 130);
    m_tree->setColumnWidth(ColKind, 190);
    m_tree->setColumnWidth(ColWho, 140);
    m_tree->setToolTip(tr("Double-click an entry to open its page"));
    contentLayout()->addWidget(m_tree, 1);

    connect(m_range, &QComboBox::currentIndexChanged, this, &TimelinePage::refresh);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &TimelinePage::rebuild);
    connect(m_person, &QComboBox::currentIndexChanged, this, &TimelinePage::rebuild);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QVariant index = item->data(ColWhen, kEntryRole);
        if (!index.isValid())
            return;
        const TimelineEntry &e = m_timeline.entries.at(index.toInt());
        if (!e.pageId.isEmpty())
            Q_EMIT openPageRequested(e.pageId, e.objectId);
    });
    connect(&m_session, &Session::profileChanged, this, &TimelinePage::refresh);
    // A sign-off committed by anyone on a shared store shows here as it does on the Checklist.
    auto *live = new QTimer(this);
    live->setSingleShot(true);
    live->setInterval(200);  // a burst of changes, one reload
    connect(live, &QTimer::timeout, this, &TimelinePage::refresh);
    connect(&m_session.storeEvents(), &StoreEvents::checklistChanged, live, qOverload<>(&QTimer::start));
    refresh();
}

void TimelinePage::setWeek(bool week) { m_range->setCurrentIndex(week ? 1 : 0); }

void TimelinePage::setKindFilter(std::optional<TimelineKind> kind)
{
    m_kind->setCurrentIndex(kind ? m_kind->findData(int(*kind)) : 0);
}

void TimelinePage::setPersonFilter(const QString &person)
{
    const int i = person.isEmpty() ? 0 : m_person->findText(person);
    m_person->setCurrentIndex(std::max(0, i));
}

void TimelinePage::refresh()
{
    setReady(false);
    const QDateTime now = m_session.clock().nowUtc();
    const QDateTime since = m_range->currentIndex() == 1 ? now.addDays(-7) : now.addDays(-1);
    QObject *load = m_load.renew();
    m_use.load(since, now, load)->onFinished(load, [this](const Result<Timeline> &r) {
        m_timeline = r.value();
        // The people who did something, for the filter (the current choice is kept when still there).
        const QString chosen = m_person->currentIndex() > 0 ? m_person->currentText() : QString();
        QStringList people;
        for (const TimelineEntry &e : m_timeline.entries)
            if (!e.person.isEmpty() && !people.contains(e.person))
                people << e.person;
        people.sort(Qt::CaseInsensitive);
        {
            const QSignalBlocker quiet(m_person);
            m_person->clear();
            m_person->addItem(tr("Everyone"));
            m_person->addItems(people);
            m_person->setCurrentIndex(std::max(0, chosen.isEmpty() ? 0 : m_person->findText(chosen)));
        }
        rebuild();
        if (!m_timeline.problems.isEmpty())
            messageBar()->showMessage(tr("Not shown: %1").arg(m_timeline.problems.join(QStringLiteral("; "))),
                                      MessageBar::Severity::Warning);
        else
            messageBar()->clear();
        markUpdated();
        setReady(true);
    });
}

int TimelinePage::shownCount() const
{
    int n = 0;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        n += m_tree->topLevelItem(i)->childCount();
    return n;
}

void TimelinePage::rebuild()
{
    m_tree->clear();
    const std::optional<TimelineKind> kind = m_kind->currentIndex() > 0
                                                 ? std::optional<TimelineKind>(TimelineKind(m_kind->currentData().toInt()))
                                                 : std::nullopt;
    const QString person = m_person->currentIndex() > 0 ? m_person->currentText() : QString();
    const QDateTime now = m_session.clock().nowUtc();
    const QDate today = now.date();
    QTreeWidgetItem *day = nullptr;
    QDate dayDate;
    int shown = 0;
    int bad = 0;
    const QColor badText = toneTextColor(Tone::Bad, palette());
    for (int i = 0; i < m_timeline.entries.size(); ++i) {
        const TimelineEntry &e = m_timeline.entries.at(i);
        if ((kind && e.kind != *kind) || (!person.isEmpty() && e.person != person))
            continue;
        const QDate d = e.at.toUTC().date();
        if (!day || d != dayDate) {
            dayDate = d;
            const QString label = d == today                ? tr("Today")
                                  : d == today.addDays(-1) ? tr("Yesterday")
                                                           : QLocale().toString(d, QStringLiteral("dddd d MMMM"));
            day = new QTreeWidgetItem(m_tree, {label + QStringLiteral(" (UTC)")});
            day->setFirstColumnSpanned(true);
            QFont f = day->font(0);
            f.setBold(true);
            day->setFont(0, f);
            day->setFlags(Qt::ItemIsEnabled);
        }
        auto *row = new QTreeWidgetItem(day, {relativeTime(e.at, now), TimelineUseCase::kindLabel(e.kind), e.title,
                                              e.person.isEmpty() ? QStringLiteral("–") : e.person});
        row->setData(ColWhen, kEntryRole, i);
        row->setToolTip(ColWhen, exactTime(e.at));
        row->setToolTip(ColWhat, e.detail.isEmpty() ? e.title : e.title + QLatin1Char('\n') + e.detail);
        if (e.bad) {
            row->setForeground(ColWhat, badText);
            row->setForeground(ColKind, badText);
            ++bad;
        }
        ++shown;
    }
    m_tree->expandAll();
    const QString span = m_range->currentIndex() == 1 ? tr("7 days") : tr("24 h");
    if (shown == 0)
        setStatus(Tone::Muted, tr("Nothing in %1").arg(span));
    else
        setStatus(bad > 0 ? Tone::Warning : Tone::Good,
                  (shown == 1 ? tr("1 event in %1").arg(span) : tr("%1 events in %2").arg(QLocale().toString(shown), span))
                      + (bad > 0 ? tr(" · %1 to look at").arg(bad) : QString()));
}

} // namespace opsdeck
