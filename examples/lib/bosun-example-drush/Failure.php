<?php

namespace BosunExample;

/** An error drush reports on stderr before exiting 1. */
class Failure extends \RuntimeException
{
}
