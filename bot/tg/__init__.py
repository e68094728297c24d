"""The Telegram layer: the Application and its services, update processing, content reloads, handlers, keyboards
and sending. It translates updates into calls on bot.core and never writes SQL."""
