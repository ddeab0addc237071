# Runs several `gem` commands in this one JRuby process, as the `gem` executable runs each (JRuby takes seconds to
# start). ARGV holds the commands' arguments, commands separated by "--next--". Each command's output (stdout and
# stderr) is framed by "=== gem <arguments>" and "=== exit <status>" lines.
require "rubygems"
require "rubygems/gem_runner"

$stdout.sync = true
$stderr = $stdout

commands = [[]]
ARGV.each do |arg|
  if arg == "--next--"
    commands << []
  else
    commands.last << arg
  end
end

commands.each do |arguments|
  puts "=== gem #{arguments.join(' ')}"
  status = 0
  begin
    Gem::GemRunner.new.run(arguments.dup)
  rescue SystemExit => e
    status = e.status
  rescue StandardError, ScriptError => e
    puts "#{e.class}: #{e.message}"
    status = 1
  end
  puts "=== exit #{status}"
end
