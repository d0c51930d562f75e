#pragma once

#include "page.h"

namespace opsdeck {

// First start: try the demo, or create a profile.
class WelcomePage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)
public:
    explicit WelcomePage(QWidget *parent = nullptr);

Q_SIGNALS:
    void demoRequested();
    void createProfileRequested();
};

} // namespace opsdeck
