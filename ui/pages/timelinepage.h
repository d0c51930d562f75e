#pragma once

#include "core/job.h"
#include "page.h"
#include "usecases/timelineusecase.h"

class QComboBox;
class QTreeWidget;

namespace opsdeck {

class Session;

// One ordered view of the last 24 hours or 7 days (TimelineUseCase): grouped by day, newest first,
// filtered by kind and by person; an entry opens its page at that object (a deployment, a run).
class TimelinePage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelinePage)
public:
    TimelinePage(Session &session, TimelineUseCase &timeline, QWidget *parent = nullptr);

    void refresh() override;
    void setWeek(bool week);
    // Filters: a kind (nullopt: all) and a person (empty: everyone).
    void setKindFilter(std::optional<TimelineKind> kind);
    void setPersonFilter(const QString &person);

    QTreeWidget *tree() const { return m_tree; }
    const Timeline &timeline() const { return m_timeline; }
    int shownCount() const;  // entries left by the filters

Q_SIGNALS:
    void openPageRequested(const QString &pageId, const QString &objectId);

private:
    void rebuild();

    Session &m_session;
    TimelineUseCase &m_use;
    QComboBox *m_range;
    QComboBox *m_kind;
    QComboBox *m_person;
    QTreeWidget *m_tree;
    Timeline m_timeline;
    JobScope m_load;
};

} // namespace opsdeck
